package io.sluice.bench;

import de.kherud.llama.BenchAccess;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * llama.cpp through the de.kherud binding (its embedded server: slots, continuous batching), weights read into
 * memory (no mmap: page-cache-backed mappings stall on these VMs), fp16 KV cache, no GPU. Concurrent sequences run
 * each on its own thread, as the binding streams one generation per calling thread.
 */
final class LlamaCppEngine implements BenchEngine {

    static {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
            if (level == LogLevel.ERROR) {
                System.err.print("llama.cpp: " + message);
            }
        });
    }

    private final LlamaModel model;

    /** @param parallel slots (sequences decoded together); each slot gets {@code slotContext} tokens */
    LlamaCppEngine(Path file, int threads, int parallel, int slotContext) {
        model = new LlamaModel(new ModelParameters()
                .setModel(file.toString())
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setParallel(parallel)
                .setCtxSize(parallel * slotContext)
                .setBatchSize(2048)
                .setUbatchSize(512)
                .setGpuLayers(0)
                .disableMmap()
                .disableLog());
    }

    @Override
    public String name() {
        return "llama.cpp";
    }

    @Override
    public CompletableFuture<Run> start(int[] prompt, int maxNew) {
        CompletableFuture<Run> done = new CompletableFuture<>();
        long submitted = System.nanoTime();
        Thread.ofPlatform().daemon(true).name("llama-seq").start(() -> {
            try {
                done.complete(generate(prompt, maxNew, submitted));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    private Run generate(int[] prompt, int maxNew, long submitted) {
        InferenceParameters p = new InferenceParameters("")
                .setNPredict(maxNew)
                .setTemperature(0f)
                .setTopK(1)
                .setRepeatPenalty(1f)
                .setIgnoreEos(true)
                .setCachePrompt(false)
                .setSeed(1);
        BenchAccess.putRawJson(p, "prompt",
                Arrays.stream(prompt).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]")));
        long[] stamps = new long[maxNew];
        int n = 0;
        for (LlamaOutput o : model.generate(p)) {
            long now = System.nanoTime();
            if (!BenchAccess.isStop(o) && n < stamps.length) {
                stamps[n++] = now;
            }
        }
        return new Run(submitted, Arrays.copyOf(stamps, n));
    }

    @Override
    public void close() {
        model.close();
    }
}
