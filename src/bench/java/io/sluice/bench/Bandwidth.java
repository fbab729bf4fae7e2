package io.sluice.bench;

import io.sluice.engine.embedded.gguf.GgmlType;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;

/**
 * The decode bound: DRAM read bandwidth with 1 and 2 threads (each thread sums its half of a 1 GiB heap array with
 * vector loads; best of {@code passes} passes, since the machine is shared), then for each benchmark model the
 * bytes of weights one decode step reads and the tokens/s that bandwidth allows.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx3g -cp target/classes:$(cat target/bench-classpath.txt) \
 *     io.sluice.bench.Bandwidth [threads=2] [passes=20] [types=Q8_0,Q4_K]</pre>
 */
public final class Bandwidth {

    private static final VectorSpecies<Long> S = LongVector.SPECIES_256;
    private static volatile long sink;

    private Bandwidth() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int threads = args.getInt("threads", 2);
        int passes = args.getInt("passes", 20);
        long[] data = new long[1 << 27]; // 1 GiB: far past every cache
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        System.out.printf("Bandwidth: %s, %d CPUs, load average %s%n", Machine.cpuModel(),
                Runtime.getRuntime().availableProcessors(), Machine.loadAverage());
        double best = 0;
        for (int t = 1; t <= threads; t++) {
            double gbs = measure(data, t, passes);
            System.out.printf("  read bandwidth, %d thread%s: %.1f GB/s (best of %d passes over 1 GiB)%n", t,
                    t == 1 ? "" : "s", gbs, passes);
            best = Math.max(best, gbs);
        }
        for (String t : args.getList("types", "Q8_0,Q4_K")) {
            Path file = BenchModels.file(GgmlType.valueOf(t));
            long bytes = BenchModels.weightBytesPerToken(file);
            System.out.printf("  %s: %,d bytes of weights per decode token (file %,d bytes): bound %.1f tok/s%n", t,
                    bytes, Files.size(file), best * 1e9 / bytes);
        }
    }

    private static double measure(long[] data, int threads, int passes) throws Exception {
        double best = 0;
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier end = new CyclicBarrier(threads + 1);
        Thread[] ts = new Thread[threads];
        for (int k = 0; k < threads; k++) {
            int part = k;
            ts[k] = Thread.ofPlatform().daemon(true).start(() -> {
                int from = (int) ((long) data.length * part / threads);
                int to = (int) ((long) data.length * (part + 1) / threads);
                try {
                    for (int p = 0; p < passes + 2; p++) {
                        start.await();
                        sink += sum(data, from, to);
                        end.await();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (int p = 0; p < passes + 2; p++) {
            start.await();
            long t0 = System.nanoTime();
            end.await();
            double s = (System.nanoTime() - t0) / 1e9;
            if (p >= 2) { // two passes to compile
                best = Math.max(best, 8.0 * data.length / s / 1e9);
            }
        }
        for (Thread t : ts) {
            t.join();
        }
        return best;
    }

    private static long sum(long[] a, int from, int to) {
        LongVector acc0 = LongVector.zero(S);
        LongVector acc1 = LongVector.zero(S);
        int step = 2 * S.length();
        int i = from;
        for (; i + step <= to; i += step) {
            acc0 = acc0.add(LongVector.fromArray(S, a, i));
            acc1 = acc1.add(LongVector.fromArray(S, a, i + S.length()));
        }
        long s = acc0.add(acc1).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < to; i++) {
            s += a[i];
        }
        return s;
    }
}
