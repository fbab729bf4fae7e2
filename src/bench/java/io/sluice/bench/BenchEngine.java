package io.sluice.bench;

import java.util.concurrent.CompletableFuture;

/** An engine under test: runs one sequence from token ids, greedy, end-of-sequence ignored, timing each token. */
interface BenchEngine extends AutoCloseable {

    /**
     * A finished sequence.
     *
     * @param submitted {@link System#nanoTime()} when it was submitted
     * @param stamps    {@link System#nanoTime()} when each generated token arrived, in order
     */
    record Run(long submitted, long[] stamps) {

        /** Seconds from submission to the first token. */
        double firstTokenSeconds() {
            return (stamps[0] - submitted) / 1e9;
        }
    }

    String name();

    /** Starts a sequence; the future completes when {@code maxNew} tokens have arrived. */
    CompletableFuture<Run> start(int[] prompt, int maxNew);

    @Override
    void close();
}
