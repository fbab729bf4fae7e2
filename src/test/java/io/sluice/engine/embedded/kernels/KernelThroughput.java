package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

import java.util.Random;

/**
 * Throughput of {@link WeightMatrix#multiply} (a plain main, not a test: numbers depend on the machine and its
 * neighbours). Cycles over enough copies of each matrix (~256 MB) that weights come from DRAM, as in decode.
 * Each figure is the best 50 ms window (the machines are shared). Batch 1 reports GB/s of ggml-size weights; batches 4 and 16 report aggregate GFLOP/s (2 * rows * cols * batch).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... io.sluice.engine.embedded.kernels.KernelThroughput \
 *     [threads] [seconds] [types to run, e.g. Q8_0,Q4_K; add "cached" to keep one copy in cache]</pre>
 */
public final class KernelThroughput {

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static boolean CACHED;

    private KernelThroughput() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.5;
        String only = args.length > 2 ? args[2] : "";
        CACHED = only.contains("cached");
        System.out.printf("backend %s, %d-bit vectors, %d threads%n", Kernels.backend(), Kernels.vectorBits(), threads);
        try (KernelPool pool = new KernelPool(threads)) {
            for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.Q4_0, GgmlType.Q6_K,
                    GgmlType.F16}) {
                if (!only.isEmpty() && !only.contains(type.name())) {
                    continue;
                }
                for (int[] shape : new int[][] {{4864, 896}, {896, 4864}}) {
                    run(type, shape[0], shape[1], pool, seconds);
                }
            }
        }
    }

    private static void run(GgmlType type, int rows, int cols, KernelPool pool, double seconds) {
        // K-quants need cols % 256 == 0: a 4864x896 Q4_K matrix cannot exist, the nearest valid one is 4864x1024
        cols = (cols + type.blockSize() - 1) / type.blockSize() * type.blockSize();
        Random rnd = new Random(1);
        byte[] raw = TestData.encode(type, TestData.gaussian(rnd, rows * cols, 0.05f));
        long bytes = raw.length;
        // "cached" in the filter argument: one copy, so that weights stay in L2/L3 and the figure is kernel speed
        int copies = CACHED ? 1 : (int) Math.max(2, (256L << 20) / bytes);
        WeightMatrix[] ms = new WeightMatrix[copies];
        for (int i = 0; i < copies; i++) {
            ms[i] = WeightMatrices.of(type, raw, rows, cols, pool);
        }
        StringBuilder line = new StringBuilder(String.format("%-5s %4dx%-4d", type, rows, cols));
        for (int batch : new int[] {1, 4, 16}) {
            float[] x = TestData.gaussian(rnd, batch * cols, 1f);
            float[] out = new float[batch * rows];
            // C2 needs a second or more to compile the vector kernels; until then they run ~10-100x slower
            long warm = System.nanoTime() + (long) (batch == 1 ? 3e9 : 1e9);
            int i = 0;
            while (System.nanoTime() < warm) {
                ms[i++ % copies].multiply(x, batch, out);
            }
            // best of many short windows: the machine is shared, the best window is the undisturbed figure
            // with one thread, CPU time of this thread is also reported: it ignores time the scheduler gave away
            double perCall = Double.MAX_VALUE;
            double perCallCpu = Double.MAX_VALUE;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                long c0 = THREADS.getCurrentThreadCpuTime();
                int calls = 0;
                long t;
                do {
                    ms[i++ % copies].multiply(x, batch, out);
                    calls++;
                    t = System.nanoTime();
                } while (t - t0 < 50_000_000L);
                perCall = Math.min(perCall, (t - t0) / 1e9 / calls);
                perCallCpu = Math.min(perCallCpu, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9 / calls);
            }
            if (pool.threads() == 1) {
                perCall = Math.min(perCall, Math.max(perCallCpu, 1e-9));
            }
            if (batch == 1) {
                line.append(String.format("  batch 1: %6.1f GB/s (%5.0f us)", bytes / perCall / 1e9, perCall * 1e6));
            } else {
                line.append(String.format("  batch %2d: %5.1f GFLOP/s", batch, 2.0 * rows * cols * batch / perCall / 1e9));
            }
        }
        System.out.println(line);
    }
}
