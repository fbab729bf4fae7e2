package io.sluice.api;

import io.smallrye.mutiny.Multi;
import io.sluice.api.openai.ChoiceResult;
import io.sluice.api.openai.Dialect;
import io.sluice.observability.AbortReason;
import io.sluice.pipeline.FinishReason;
import io.sluice.pipeline.GenerationEvent;
import io.sluice.pipeline.Usage;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects one request's events into a single JSON answer. It reads exactly the events a stream would write, so the
 * text equals the concatenated deltas. A client that hangs up (while queued, prefilling or decoding) is noticed from
 * the socket's close, not at the final write, and the request is cancelled at once. Nothing has been sent before the
 * answer, so a failure at any point (queue timeout, shutdown) still gets its own status.
 *
 * <p>Events are folded on the engine's threads (serially: the stream guarantees it); the answer is written on the
 * request's event loop.
 */
final class UnaryResponder implements Flow.Subscriber<GenerationEvent>, Exchange.Abortable {

    private final Context context;
    private final HttpServerResponse response;
    private final Exchange exchange;
    private final Dialect dialect;
    private final StringBuilder[] texts;
    private final IdList[] ids;
    private final FinishReason[] reasons;
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile boolean gone;
    private Usage usage;

    UnaryResponder(Context context, HttpServerResponse response, Dialect dialect, int n, Exchange exchange) {
        this.context = context;
        this.response = response;
        this.exchange = exchange;
        this.dialect = dialect;
        this.texts = new StringBuilder[n];
        this.ids = new IdList[n];
        this.reasons = new FinishReason[n];
        for (int i = 0; i < n; i++) {
            texts[i] = new StringBuilder();
            ids[i] = new IdList();
        }
    }

    /** Starts the request. On the event loop. */
    void start(Multi<GenerationEvent> events) {
        exchange.onClientGone(() -> {
            gone = true;
            cancelUpstream();
        });
        exchange.responder(this);
        events.subscribe().withSubscriber(this);
    }

    /** Ends the request early with its error answer (the drain's shutdown). From any thread. */
    @Override
    public void abort(AbortReason reason) {
        context.runOnContext(ignored -> {
            if (gone) {
                return;
            }
            gone = true;
            cancelUpstream();
            exchange.trace().aborted(reason);
            JsonReplies.error(response, ErrorTable.aborted(reason));
        });
    }

    private void cancelUpstream() {
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s) || gone) {
            s.cancel();
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(GenerationEvent event) {
        switch (event) {
            case GenerationEvent.Delta delta -> {
                texts[delta.choice()].append(delta.text());
                ids[delta.choice()].add(delta.tokenIds());
            }
            case GenerationEvent.Finished finished -> {
                texts[finished.choice()].append(finished.text());
                ids[finished.choice()].add(finished.tokenIds());
                reasons[finished.choice()] = finished.reason();
            }
            case GenerationEvent.Completed completed -> usage = completed.usage();
        }
    }

    @Override
    public void onError(Throwable failure) {
        context.runOnContext(ignored -> {
            if (!gone) {
                gone = true;
                ApiError error = ErrorTable.classify(failure);
                ErrorTable.abortReason(error.kind()).ifPresent(exchange.trace()::aborted);
                JsonReplies.error(response, error);
            }
        });
    }

    @Override
    public void onComplete() {
        context.runOnContext(ignored -> {
            if (gone) {
                return;
            }
            gone = true;
            List<ChoiceResult> choices = new ArrayList<>(texts.length);
            for (int i = 0; i < texts.length; i++) {
                choices.add(new ChoiceResult(i, texts[i].toString(), ids[i].toArray(), reasons[i]));
            }
            JsonReplies.json(response, 200, dialect.whole(choices, usage));
        });
    }

    /** A growable int array. */
    private static final class IdList {
        private int[] values = new int[32];
        private int size;

        void add(int[] more) {
            if (size + more.length > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, values, size, more.length);
            size += more.length;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
