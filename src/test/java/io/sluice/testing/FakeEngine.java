package io.sluice.testing;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.sluice.engine.spi.EngineFinish;
import io.sluice.engine.spi.GenerationEngine;
import io.sluice.engine.spi.ModelCard;
import io.sluice.engine.spi.SequenceEvent;
import io.sluice.engine.spi.SequenceSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one fake engine of the API-layer tests. It plays a scripted {@link Reply}, chosen by the first registered
 * trigger word found in the prompt's text, from its own thread (like the real engine, it never emits on the
 * subscriber's thread and never blocks), honours {@code maxNewTokens}, stop token ids and {@code ignoreEos}, and
 * records every sequence, including whether its subscription was cancelled.
 */
public final class FakeEngine implements GenerationEngine {

    public static final String MODEL = "fake-model";
    public static final int CONTEXT = 256;
    public static final String DEFAULT_TEXT = "Hello, wörld! 😀 Done.";

    private static final ScheduledExecutorService LOOP = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fake-engine");
        thread.setDaemon(true);
        return thread;
    });

    private final ModelCard card = new ModelCard(MODEL, "sluice-test", 1_700_000_000L, CONTEXT);
    private final FakeCodec codec = new FakeCodec();
    private final Map<String, Reply> replies = new LinkedHashMap<>();
    private final List<FakeSequence> sequences = new CopyOnWriteArrayList<>();

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public FakeCodec codec() {
        return codec;
    }

    /** Plays {@code reply} for prompts containing {@code trigger}. */
    public synchronized FakeEngine when(String trigger, Reply reply) {
        replies.put(trigger, reply);
        return this;
    }

    /** Forgets the scripts and the recorded sequences. */
    public synchronized void reset() {
        replies.clear();
        sequences.clear();
    }

    public List<FakeSequence> sequences() {
        return List.copyOf(sequences);
    }

    public FakeSequence last() {
        return sequences.getLast();
    }

    @Override
    public Multi<SequenceEvent> generate(SequenceSpec spec) {
        return Multi.createFrom().emitter(emitter -> {
            FakeSequence sequence = new FakeSequence(spec);
            sequences.add(sequence);
            emitter.onCancellation(() -> sequence.cancelled.set(true));
            Plan plan = plan(replyFor(spec), spec);
            LOOP.schedule(() -> step(plan, sequence, emitter, 0), plan.reply.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    private synchronized Reply replyFor(SequenceSpec spec) {
        String prompt = codec.text(spec.promptTokens());
        return replies.entrySet().stream()
                .filter(e -> prompt.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(Reply.text(DEFAULT_TEXT));
    }

    private record Plan(Reply reply, int[] tokens, EngineFinish reason, int stopToken, int generated) {
    }

    /** What the sequence will emit and how it will end, decided up front as an engine's limits would decide it. */
    private Plan plan(Reply reply, SequenceSpec spec) {
        int[] script = reply.script().apply(spec);
        int max = spec.maxNewTokens();
        if (reply.repeat() || spec.sampling().ignoreEos()) {
            int[] tokens = new int[max];
            for (int i = 0; i < max; i++) {
                tokens[i] = script[i % script.length];
            }
            return new Plan(reply, tokens, EngineFinish.LENGTH, -1, max);
        }
        List<Integer> out = new ArrayList<>();
        for (int id : script) {
            if (out.size() == max) {
                return new Plan(reply, toArray(out), EngineFinish.LENGTH, -1, max);
            }
            if (codec.isEndOfGeneration(id) || spec.stopTokenIds().contains(id)) {
                return new Plan(reply, toArray(out), EngineFinish.STOP, id, out.size() + 1);
            }
            out.add(id);
        }
        if (out.size() == max) {
            return new Plan(reply, toArray(out), EngineFinish.LENGTH, -1, max);
        }
        return new Plan(reply, toArray(out), EngineFinish.STOP, FakeCodec.EOS, out.size() + 1);
    }

    private void step(Plan plan, FakeSequence sequence, MultiEmitter<? super SequenceEvent> emitter, int at) {
        if (emitter.isCancelled()) {
            sequence.cancelled.set(true);
            return;
        }
        Reply reply = plan.reply;
        if (reply.failAfter() >= 0 && at >= reply.failAfter()) {
            sequence.ended.set(true);
            emitter.fail(new FakeFailure());
            return;
        }
        if (reply.abortAfter() >= 0 && at >= reply.abortAfter()) {
            finish(sequence, emitter, new SequenceEvent.Finished(EngineFinish.ABORTED, -1,
                    sequence.spec().promptTokens().length, reply.cached(), at));
            return;
        }
        if (at >= plan.tokens.length) {
            finish(sequence, emitter, new SequenceEvent.Finished(plan.reason, plan.stopToken,
                    sequence.spec().promptTokens().length, reply.cached(), plan.generated));
            return;
        }
        int end = Math.min(plan.tokens.length, at + reply.perEvent());
        if (reply.failAfter() >= 0) {
            end = Math.min(end, Math.max(reply.failAfter(), at + 1));
        }
        if (reply.abortAfter() >= 0) {
            end = Math.min(end, Math.max(reply.abortAfter(), at + 1));
        }
        emitter.emit(new SequenceEvent.Tokens(Arrays.copyOfRange(plan.tokens, at, end)));
        sequence.emitted.set(end);
        int next = end;
        LOOP.schedule(() -> step(plan, sequence, emitter, next), reply.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void finish(FakeSequence sequence, MultiEmitter<? super SequenceEvent> emitter,
                               SequenceEvent.Finished finished) {
        sequence.ended.set(true);
        emitter.emit(finished);
        emitter.complete();
    }

    /** A failure a test asked for; stackless, so the server's error log says so in one line. */
    static final class FakeFailure extends RuntimeException {
        FakeFailure() {
            super("fake engine failure (a test asked for it)", null, false, false);
        }
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
