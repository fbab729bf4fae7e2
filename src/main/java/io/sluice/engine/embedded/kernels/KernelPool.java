package io.sluice.engine.embedded.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool for data-parallel kernels: the calling thread plus {@code threads - 1} workers. {@link #forRange}
 * cuts {@code [0, count)} into {@code threads} contiguous parts, runs part 0 on the caller and the others on the
 * workers, and returns when all are done: one barrier per call, no allocation on the pool's side, no queue.
 *
 * <p>{@link #forChunks} instead cuts the range into more, smaller chunks that the threads claim one at a time, so a
 * thread the OS keeps off its core (these machines are shared) delays a call by one chunk, not by half the work:
 * the weight kernels use it, as ggml's matrix multiply claims chunks from an atomic counter.
 *
 * <p>Between calls a worker spins for {@code spinNanos} (default 50 µs, enough to bridge the gap between two
 * mat-vecs of one forward pass) and then parks, so an idle engine costs no CPU. A call made while another is in
 * flight, or from inside a range body, runs on its caller alone.
 */
public final class KernelPool implements AutoCloseable {

    /** The body of a parallel loop: handles indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final long DEFAULT_SPIN_NANOS = 50_000;
    private static final int YIELD_AFTER_SPINS = Integer.getInteger("sluice.kernels.yieldAfterSpins", 2_000);

    private final int threads;
    private final long spinNanos;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Next chunk to claim in a {@link #forChunks} call. */
    private final AtomicInteger nextChunk = new AtomicInteger();

    private volatile long epoch;
    private volatile boolean closed;
    // written before the epoch bump, read after seeing it: the volatile epoch publishes them
    private RangeBody body;
    private int count;
    /** 0 for a {@link #forRange} call (one fixed part per thread), else the chunks of a {@link #forChunks} call */
    private int chunks;

    public KernelPool(int threads) {
        this(threads, DEFAULT_SPIN_NANOS);
    }

    public KernelPool(int threads, long spinNanos) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.spinNanos = Math.max(0, spinNanos);
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** Threads that share each call, the caller included. */
    public int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, count)} split into {@link #threads()} contiguous parts; rethrows the first failure. */
    public void forRange(int count, RangeBody body) {
        run(count, 0, body);
    }

    /**
     * Runs {@code body} over {@code [0, count)} cut into {@code threads * chunksPerThread} contiguous chunks (fewer
     * when {@code count} is smaller), which the caller and the workers claim in order until none is left; returns
     * when all are done and rethrows the first failure. Which thread runs a chunk varies from call to call, so the
     * body must not keep per-thread state that changes results.
     */
    public void forChunks(int count, int chunksPerThread, RangeBody body) {
        int n = Math.min(count, threads * Math.max(1, chunksPerThread));
        run(count, Math.max(1, n), body);
    }

    private void run(int count, int chunks, RangeBody body) {
        if (count <= 0) {
            return;
        }
        if (threads == 1 || count == 1 || closed || !busy.compareAndSet(false, true)) {
            body.run(0, count);
            return;
        }
        try {
            this.body = body;
            this.count = count;
            this.chunks = chunks;
            nextChunk.set(0);
            pending.set(workers.length);
            epoch = epoch + 1;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            try {
                runPart(0, count, chunks, body);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            // A worker still busy here is usually one the OS took off its core (these machines are shared): past a
            // short spin, give this core away rather than burn the time slice both threads share.
            for (int spins = 0; pending.get() != 0; spins++) {
                if (spins < YIELD_AFTER_SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            this.body = null;
            Throwable t = failure.getAndSet(null);
            if (t != null) {
                if (t instanceof RuntimeException e) {
                    throw e;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(t);
            }
        } finally {
            busy.set(false);
        }
    }

    private void runPart(int part, int n, int chunkCount, RangeBody b) {
        if (chunkCount > 0) {
            int c;
            while ((c = nextChunk.getAndIncrement()) < chunkCount) {
                int from = (int) ((long) n * c / chunkCount);
                int to = (int) ((long) n * (c + 1) / chunkCount);
                if (from < to) {
                    b.run(from, to);
                }
            }
            return;
        }
        int from = (int) ((long) n * part / threads);
        int to = (int) ((long) n * (part + 1) / threads);
        if (from < to) {
            b.run(from, to);
        }
    }

    /** Stops the workers; later calls run on the caller alone. */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
        for (Worker w : workers) {
            try {
                w.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "KernelPool(" + threads + " threads)";
    }

    private final class Worker extends Thread {
        private final int part;
        volatile boolean parked;

        Worker(int part) {
            super("sluice-kernel-" + part);
            this.part = part;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0; // no call can start before the constructor returns, so epoch 0 is the one to wait past
            while (true) {
                long e = awaitEpoch(seen);
                if (e == seen) {
                    return; // closed
                }
                seen = e;
                try {
                    runPart(part, count, chunks, body);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    pending.decrementAndGet();
                }
            }
        }

        /** Spins, then parks, until the epoch moves past {@code seen}; returns {@code seen} once closed. */
        private long awaitEpoch(long seen) {
            long deadline = System.nanoTime() + spinNanos;
            int spins = 0;
            while (true) {
                long e = epoch;
                if (e != seen) {
                    return e;
                }
                if (closed) {
                    return seen;
                }
                if (++spins < 64 || System.nanoTime() - deadline < 0) {
                    if (spins < YIELD_AFTER_SPINS) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield(); // as in forRange: on a busy machine, let the thread with work run
                    }
                    continue;
                }
                parked = true;
                if (epoch == seen && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                spins = 0;
                deadline = System.nanoTime() + spinNanos;
            }
        }
    }
}
