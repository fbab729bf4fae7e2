package io.sluice.bench;

import io.sluice.engine.embedded.EmbeddedEngine;
import io.sluice.engine.embedded.EmbeddedModel;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.spi.SamplingParams;
import io.sluice.engine.spi.SequenceEvent;
import io.sluice.engine.spi.SequenceSpec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** Sluice's embedded engine through its SPI: the engine loop, continuous batching, the paged KV cache. */
final class SluiceEngine implements BenchEngine {

    private final EmbeddedEngine engine;

    /**
     * @param maxRunning sequences per batch; the KV pool gets {@code kvTokens} slots, the step budget 512 tokens
     */
    SluiceEngine(Path file, int threads, int maxRunning, int kvTokens) {
        KernelPool pool = new KernelPool(threads);
        EmbeddedModel model = EmbeddedModel.load(file, pool);
        engine = new EmbeddedEngine(model, "bench", pool, new EmbeddedEngine.Options(kvTokens, 16, maxRunning, 512));
    }

    @Override
    public String name() {
        return "sluice";
    }

    @Override
    public CompletableFuture<Run> start(int[] prompt, int maxNew) {
        CompletableFuture<Run> done = new CompletableFuture<>();
        long[] stamps = new long[maxNew];
        int[] n = {0};
        long submitted = System.nanoTime();
        engine.generate(new SequenceSpec(prompt, maxNew, SamplingParams.GREEDY.withIgnoreEos(true)))
                .subscribe().with(event -> {
                    switch (event) {
                        case SequenceEvent.Tokens t -> {
                            long now = System.nanoTime();
                            for (int i = 0; i < t.ids().length && n[0] < stamps.length; i++) {
                                stamps[n[0]++] = now;
                            }
                        }
                        case SequenceEvent.Finished f -> done.complete(
                                new Run(submitted, Arrays.copyOf(stamps, n[0])));
                    }
                }, done::completeExceptionally);
        return done;
    }

    @Override
    public void close() {
        engine.close();
    }
}
