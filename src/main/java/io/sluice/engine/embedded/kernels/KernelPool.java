package io.sluice.engine.embedded.kernels;

import java.util.function.IntConsumer;

/** Placeholder pool: runs tasks on the calling thread (replaced by the kernels branch). */
public final class KernelPool implements AutoCloseable {
    private final int threads;

    public KernelPool(int threads) {
        this.threads = threads;
    }

    public int threads() {
        return threads;
    }

    public void parallelFor(int tasks, IntConsumer task) {
        for (int i = 0; i < tasks; i++) {
            task.accept(i);
        }
    }

    @Override
    public void close() {
    }
}
