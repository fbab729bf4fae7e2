package io.sluice.engine.embedded;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kvcache.KvCache;
import io.sluice.engine.embedded.model.Transformer;
import io.sluice.engine.embedded.scheduler.EngineLoop;
import io.sluice.engine.embedded.scheduler.SequenceSink;
import io.sluice.engine.spi.EngineLoad;
import io.sluice.engine.spi.GenerationEngine;
import io.sluice.engine.spi.ModelCard;
import io.sluice.engine.spi.PromptCodec;
import io.sluice.engine.spi.SequenceEvent;
import io.sluice.engine.spi.SequenceSpec;

/**
 * A loaded GGUF model behind the {@link GenerationEngine} contract: one engine loop thread batching every sequence,
 * a kernel pool for the forward pass, and a paged KV cache.
 */
public final class EmbeddedEngine implements GenerationEngine, AutoCloseable {

    /**
     * Events a sequence may have waiting for a subscriber that stopped requesting. Past it the stream fails and the
     * sequence is aborted, so a stalled client cannot grow memory without bound.
     */
    static final int EVENT_BUFFER = 4096;

    /** How the engine uses memory and batches; see the {@code sluice.kvcache.*} and {@code sluice.scheduler.*} keys. */
    public record Options(int kvCacheTokens, int blockSize, int maxRunning, int maxStepTokens) {
    }

    private final EmbeddedModel model;
    private final ModelCard card;
    private final EmbeddedCodec codec;
    private final KernelPool pool;
    private final EngineLoop loop;

    public EmbeddedEngine(EmbeddedModel model, String id, KernelPool pool, Options options) {
        this.model = model;
        this.pool = pool;
        this.codec = new EmbeddedCodec(model.tokenizer(), model.template());
        int blocks = Math.max(1, options.kvCacheTokens() / options.blockSize());
        KvCache cache = new KvCache(model.config().layers(), model.config().kvWidth(), options.blockSize(), blocks);
        Transformer transformer = new Transformer(model.config(), model.weights(), cache, pool);
        this.loop = new EngineLoop(transformer, model.tokenizer()::isEndOfGeneration, model.config().contextLength(),
                options.maxRunning(), options.maxStepTokens());
        this.card = new ModelCard(id, "sluice", System.currentTimeMillis() / 1000, loop.contextLimit());
    }

    public EmbeddedModel model() {
        return model;
    }

    /** Sequences in the running batch (for metrics and tests). */
    public int runningSequences() {
        return loop.runningCount();
    }

    /** Sequences admitted and waiting (for metrics and tests). */
    public int waitingSequences() {
        return loop.waitingCount();
    }

    /** The engine loop's snapshot, published after every step: safe to read from any thread. */
    @Override
    public EngineLoad load() {
        return new EngineLoad(loop.runningCount(), loop.waitingCount(), loop.kvCacheUsage());
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public PromptCodec codec() {
        return codec;
    }

    @Override
    public Multi<SequenceEvent> generate(SequenceSpec spec) {
        return Multi.createFrom().emitter(emitter -> {
            EngineLoop.Handle handle = loop.submit(spec, new EmitterSink(emitter));
            // Cancellation (client gone, stop string found) and overflow both end here: abort in the engine.
            emitter.onTermination(handle::cancel);
        }, EVENT_BUFFER);
    }

    @Override
    public void close() {
        loop.close();
        pool.close();
    }

    /** Forwards engine-thread callbacks into a Mutiny emitter (which buffers; it never blocks the loop). */
    private record EmitterSink(MultiEmitter<? super SequenceEvent> emitter) implements SequenceSink {

        @Override
        public void tokens(int[] ids) {
            emitter.emit(new SequenceEvent.Tokens(ids));
        }

        @Override
        public void finished(SequenceEvent.Finished finished) {
            emitter.emit(finished);
            emitter.complete();
        }

        @Override
        public void failed(Throwable error) {
            emitter.fail(error);
        }
    }
}
