package io.sluice.pipeline;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.Subscriptions;
import io.smallrye.mutiny.operators.multi.AbstractMultiOperator;
import io.smallrye.mutiny.operators.multi.MultiOperatorProcessor;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.sluice.engine.spi.SequenceEvent;

import java.util.concurrent.Flow;

/**
 * One choice: an engine sequence's events through an {@link OutputProcessor}, one output event per engine event
 * (so demand passes straight through). When a stop string matches, the choice finishes and the engine subscription
 * is cancelled: that cancel is how the abort reaches the engine, which frees the sequence within one step.
 */
final class ChoiceStream extends AbstractMultiOperator<SequenceEvent, GenerationEvent> {

    private final OutputProcessor output;

    ChoiceStream(Multi<SequenceEvent> sequence, OutputProcessor output) {
        super(sequence);
        this.output = output;
    }

    @Override
    public void subscribe(MultiSubscriber<? super GenerationEvent> downstream) {
        upstream.subscribe().withSubscriber(new Processor(downstream, output));
    }

    private static final class Processor extends MultiOperatorProcessor<SequenceEvent, GenerationEvent> {

        private final OutputProcessor output;
        private boolean finished;

        Processor(MultiSubscriber<? super GenerationEvent> downstream, OutputProcessor output) {
            super(downstream);
            this.output = output;
        }

        @Override
        public void onItem(SequenceEvent event) {
            if (isDone() || finished) {
                return;
            }
            GenerationEvent out;
            try {
                out = switch (event) {
                    case SequenceEvent.Tokens tokens -> output.onTokens(tokens.ids());
                    case SequenceEvent.Finished end -> output.onFinished(end);
                };
            } catch (RuntimeException failure) {
                terminateEarly(failure);
                return;
            }
            finished = out instanceof GenerationEvent.Finished;
            downstream.onItem(out);
            if (finished && output.stopped()) {
                terminateEarly(null);
            }
        }

        @Override
        public void onCompletion() {
            if (!finished) {
                onFailure(new IllegalStateException("the engine ended a sequence without reporting how"));
                return;
            }
            super.onCompletion();
        }

        /** Cancels the engine sequence, then completes (or fails) downstream. */
        private void terminateEarly(Throwable failure) {
            Flow.Subscription engine = getAndSetUpstreamSubscription(Subscriptions.CANCELLED);
            if (engine == Subscriptions.CANCELLED) {
                return;
            }
            engine.cancel();
            if (failure == null) {
                downstream.onCompletion();
            } else {
                downstream.onFailure(failure);
            }
        }
    }
}
