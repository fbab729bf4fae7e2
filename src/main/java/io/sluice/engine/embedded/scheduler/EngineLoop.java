package io.sluice.engine.embedded.scheduler;

import io.sluice.engine.embedded.kvcache.BlockPool;
import io.sluice.engine.embedded.model.Transformer;
import io.sluice.engine.embedded.sampling.Sampler;
import io.sluice.engine.spi.EngineFinish;
import io.sluice.engine.spi.SequenceEvent;
import io.sluice.engine.spi.SequenceSpec;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * The engine's own thread. It owns the scheduler, the KV cache and every sequence; other threads talk to it only by
 * posting commands ({@link #submit}, {@link #abort}). Each iteration drains the commands, plans a step, runs one
 * forward pass for every planned slice, samples for the slices that end a sequence's pending tokens, and delivers
 * the new tokens to each sequence's {@link SequenceSink}.
 */
public final class EngineLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EngineLoop.class);

    /** A submitted sequence's handle: cancel it from any thread. */
    public interface Handle {
        void cancel();
    }

    private final Transformer model;
    private final IntPredicate endOfGeneration;
    private final int contextLimit;
    private final Scheduler scheduler;
    private final BlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final Map<Sequence, Running> live = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    private volatile int runningCount;
    private volatile int waitingCount;
    private volatile double kvCacheUsage;

    /** Per-sequence loop state that the scheduler does not need. */
    private record Running(Sampler sampler, SequenceSink sink) {
    }

    /**
     * @param contextLimit    the most tokens one sequence may hold (prompt plus generated)
     * @param maxRunning      sequences in the batch at once
     * @param stepTokenBudget tokens per forward pass (prefill chunks plus decode tokens)
     */
    public EngineLoop(Transformer model, IntPredicate endOfGeneration, int contextLimit, int maxRunning,
                      int stepTokenBudget) {
        this.model = model;
        this.endOfGeneration = endOfGeneration;
        this.contextLimit = Math.min(contextLimit, model.cache().capacityTokens());
        this.scheduler = new Scheduler(model.cache(), maxRunning, stepTokenBudget);
        this.thread = Thread.ofPlatform().name("sluice-engine").daemon(true).unstarted(this::run);
        this.thread.start();
    }

    /** The most tokens one sequence may hold here. */
    public int contextLimit() {
        return contextLimit;
    }

    /** Queues a sequence; events go to {@code sink} on the engine thread. Never blocks. */
    public Handle submit(SequenceSpec spec, SequenceSink sink) {
        long id = ids.incrementAndGet();
        Sequence sequence = new Sequence(id, spec, id);
        post(() -> admit(sequence, sink));
        return () -> post(() -> abort(sequence));
    }

    /** Runs {@code command} on the engine thread. */
    void post(Runnable command) {
        commands.add(command);
    }

    /** Sequences running in the batch, as of the last loop iteration (any thread may read it). */
    public int runningCount() {
        return runningCount;
    }

    /** Sequences admitted but waiting for a place, as of the last loop iteration. */
    public int waitingCount() {
        return waitingCount;
    }

    /** Share of the KV cache's blocks in use, as of the last loop iteration (any thread may read it). */
    public double kvCacheUsage() {
        return kvCacheUsage;
    }

    private void admit(Sequence sequence, SequenceSink sink) {
        if (sequence.promptLength() >= contextLimit) {
            sink.failed(new IllegalArgumentException("prompt of " + sequence.promptLength()
                    + " tokens does not fit the context of " + contextLimit + " tokens"));
            return;
        }
        SequenceSpec spec = sequence.spec();
        Sampler sampler = new Sampler(spec.sampling(), model.config().vocabSize(), endOfGeneration,
                spec.promptTokens());
        live.put(sequence, new Running(sampler, sink));
        scheduler.add(sequence);
    }

    private void abort(Sequence sequence) {
        if (live.remove(sequence) != null) {
            scheduler.remove(sequence);
        }
    }

    private void run() {
        while (!closing) {
            try {
                if (scheduler.isIdle()) {
                    commands.take().run();
                }
                Runnable command;
                while ((command = commands.poll()) != null) {
                    command.run();
                }
                publishCounts();
                if (!scheduler.isIdle()) {
                    step();
                }
                publishCounts();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("engine loop step failed", e);
                failAll(e);
            }
        }
        failAll(new IllegalStateException("engine is shutting down"));
    }

    /**
     * Publishes the sizes of the running set and the queue, so a sequence is counted before its first token, and the
     * share of KV blocks that sequences hold (cached blocks nobody uses count as free: they are evicted on demand).
     */
    private void publishCounts() {
        runningCount = scheduler.runningCount();
        waitingCount = scheduler.waitingCount();
        BlockPool pool = model.cache().pool();
        kvCacheUsage = (double) pool.usedBlocks() / pool.totalBlocks();
    }

    private void step() {
        Scheduler.Plan plan = scheduler.plan();
        if (plan.isEmpty()) {
            return;
        }
        List<Transformer.Chunk> chunks = new ArrayList<>(plan.slices().size());
        for (Scheduler.Slice slice : plan.slices()) {
            Sequence s = slice.sequence();
            chunks.add(new Transformer.Chunk(s.blocks(), s.tokens(slice.from(), slice.to()), slice.from(),
                    slice.sample()));
        }
        float[][] logits;
        try {
            logits = model.forward(chunks);
        } catch (RuntimeException e) {
            // A failed pass leaves these sequences' caches half written: end them, keep serving the others.
            LOG.error("forward pass failed for " + plan.slices().size() + " sequences", e);
            for (Scheduler.Slice slice : plan.slices()) {
                fail(slice.sequence(), e);
            }
            return;
        }
        int next = 0;
        for (Scheduler.Slice slice : plan.slices()) {
            scheduler.completed(slice);
            if (slice.sample()) {
                sampled(slice.sequence(), logits[next++]);
            }
        }
    }

    private void sampled(Sequence s, float[] logits) {
        Running r = live.get(s);
        if (r == null) {
            return;
        }
        SequenceSpec spec = s.spec();
        int token = r.sampler.sample(logits);
        boolean eog = !spec.sampling().ignoreEos() && endOfGeneration.test(token);
        if (eog || spec.stopTokenIds().contains(token)) {
            finish(s, EngineFinish.STOP, token, s.generated() + 1);
            return;
        }
        r.sampler.accept(token);
        s.append(token);
        r.sink.tokens(new int[] {token});
        if (s.generated() >= spec.maxNewTokens() || s.length() >= contextLimit) {
            finish(s, EngineFinish.LENGTH, -1, s.generated());
        }
    }

    private void finish(Sequence s, EngineFinish reason, int stopToken, int generated) {
        Running r = live.remove(s);
        scheduler.remove(s);
        if (r != null) {
            r.sink.finished(new SequenceEvent.Finished(reason, stopToken, s.promptLength(), s.cachedPromptTokens(),
                    generated));
        }
    }

    private void fail(Sequence s, Throwable error) {
        Running r = live.remove(s);
        scheduler.remove(s);
        if (r != null) {
            r.sink.failed(error);
        }
    }

    private void failAll(Throwable error) {
        for (Sequence s : List.copyOf(live.keySet())) {
            fail(s, error);
        }
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
