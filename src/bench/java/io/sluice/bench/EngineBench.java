package io.sluice.bench;

import io.sluice.engine.embedded.gguf.GgmlType;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Engine benchmarks, Sluice against llama.cpp on the same file and thread count, runs alternating (A B, then B A)
 * so that both see the same minutes of a shared machine; each figure is given as median (min-max) over rounds and
 * the ratio as the median of the per-round ratios.
 *
 * <ul>
 *   <li>{@code single}: prefill tokens/s of a {@code prompt}-token prompt (submission to first token) and decode
 *       tokens/s ({@code decode} tokens after the first, from an 8-token prompt).</li>
 *   <li>{@code batched}: aggregate decode tokens/s with N sequences at once (8-token prompts, {@code batchDecode}
 *       tokens each), counted over the window in which all N are decoding.</li>
 * </ul>
 *
 * <pre>java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx6g \
 *     -cp target/classes:$(cat target/bench-classpath.txt) io.sluice.bench.EngineBench \
 *     [single] [batched] [types=Q8_0,Q4_K] [rounds=3] [threads=2] [prompt=512] [decode=128] \
 *     [batches=1,4,16,64] [batchDecode=32] [plot=docs/engine-batched.svg]</pre>
 */
public final class EngineBench {

    private final int threads;
    private final SplittableRandom random = new SplittableRandom(42);

    private EngineBench(int threads) {
        this.threads = threads;
    }

    public static void main(String[] argv) throws Exception {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        Args args = new Args(argv);
        boolean all = args.noWords();
        int threads = args.getInt("threads", 2);
        int rounds = args.getInt("rounds", 3);
        EngineBench bench = new EngineBench(threads);
        System.out.printf("EngineBench %s, %d threads, %d rounds, %s, %d CPUs, load average %s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), threads, rounds,
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Machine.loadAverage());
        Map<String, BatchResult> batched = new LinkedHashMap<>();
        for (String t : args.getList("types", "Q8_0,Q4_K")) {
            GgmlType type = GgmlType.valueOf(t);
            Path file = BenchModels.file(type);
            if (all || args.has("single")) {
                bench.single(type, file, rounds, args.getInt("prompt", 512), args.getInt("decode", 128));
            }
            if (all || args.has("batched")) {
                batched.put(t, bench.batched(type, file, rounds, args.getInts("batches", "1,4,16,64"),
                        args.getInt("batchDecode", 32)));
            }
        }
        String plot = args.get("plot", "");
        if (!plot.isEmpty() && !batched.isEmpty()) {
            plotBatched(Path.of(plot), batched);
        }
        System.out.printf("done, load average %s%n", Machine.loadAverage());
        System.exit(0); // llama.cpp's and the engine's threads are daemons, but do not wait for stragglers
    }

    // ---------------------------------------------------------------------------------------------- single stream

    private void single(GgmlType type, Path file, int rounds, int promptLength, int decode) {
        System.out.printf("%n== single stream, %s (%s), prompt %d tokens, decode %d tokens ==%n", type,
                file.getFileName(), promptLength, decode);
        try (BenchEngine sluice = new SluiceEngine(file, threads, 4, 2 * (promptLength + decode + 64));
             BenchEngine llama = new LlamaCppEngine(file, threads, 1, promptLength + decode + 64)) {
            BenchEngine[] engines = {sluice, llama};
            // warm-up: compile (Sluice's JIT), fault in buffers; discarded
            for (BenchEngine e : engines) {
                await(e.start(prompt(promptLength), 1));
                await(e.start(prompt(8), 16));
            }
            List<Double>[] prefill = lists(2);
            List<Double>[] dec = lists(2);
            List<Double> prefillRatio = new ArrayList<>();
            List<Double> decodeRatio = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                int[] order = r % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0};
                int[] p = prompt(promptLength);
                double[] pf = new double[2];
                for (int i : order) {
                    pf[i] = promptLength / await(engines[i].start(p, 1)).firstTokenSeconds();
                    prefill[i].add(pf[i]);
                }
                int[] shortPrompt = prompt(8);
                double[] dc = new double[2];
                for (int i : order) {
                    BenchEngine.Run run = await(engines[i].start(shortPrompt, decode + 1));
                    long[] s = run.stamps();
                    dc[i] = (s.length - 1) / ((s[s.length - 1] - s[0]) / 1e9);
                    dec[i].add(dc[i]);
                }
                prefillRatio.add(pf[0] / pf[1]);
                decodeRatio.add(dc[0] / dc[1]);
                System.out.printf("  round %d: prefill sluice %6.1f  llama.cpp %6.1f tok/s (%.2fx)   decode sluice "
                                + "%5.1f  llama.cpp %5.1f tok/s (%.2fx)   load %s%n", r + 1, pf[0], pf[1], pf[0] / pf[1],
                        dc[0], dc[1], dc[0] / dc[1], Machine.loadAverage());
            }
            System.out.printf("  %s prefill tok/s: sluice %s, llama.cpp %s, ratio %s%n", type,
                    Stats.spread(Stats.of(prefill[0]), 1), Stats.spread(Stats.of(prefill[1]), 1),
                    Stats.spread(Stats.of(prefillRatio), 2));
            System.out.printf("  %s decode  tok/s: sluice %s, llama.cpp %s, ratio %s%n", type,
                    Stats.spread(Stats.of(dec[0]), 1), Stats.spread(Stats.of(dec[1]), 1),
                    Stats.spread(Stats.of(decodeRatio), 2));
        }
    }

    // ---------------------------------------------------------------------------------------------------- batched

    /** Aggregate decode tokens/s per batch size: medians for each engine and of the ratios. */
    record BatchResult(int[] batches, double[] sluice, double[] llama, double[] ratio) {
    }

    private BatchResult batched(GgmlType type, Path file, int rounds, int[] batches, int decode) {
        int maxN = 0;
        for (int n : batches) {
            maxN = Math.max(maxN, n);
        }
        int slot = 8 + decode + 24;
        System.out.printf("%n== batched decode, %s, 8-token prompts, %d tokens each, aggregate tok/s ==%n", type,
                decode);
        double[] s = new double[batches.length];
        double[] l = new double[batches.length];
        double[] ratio = new double[batches.length];
        try (BenchEngine sluice = new SluiceEngine(file, threads, maxN, maxN * slot + 256);
             BenchEngine llama = new LlamaCppEngine(file, threads, maxN, slot)) {
            BenchEngine[] engines = {sluice, llama};
            for (BenchEngine e : engines) {
                aggregate(e, Math.min(4, maxN), 8);
            }
            for (int b = 0; b < batches.length; b++) {
                int n = batches[b];
                List<Double>[] agg = lists(2);
                List<Double> ratios = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    int[] order = r % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0};
                    double[] a = new double[2];
                    for (int i : order) {
                        a[i] = aggregate(engines[i], n, decode);
                        agg[i].add(a[i]);
                    }
                    ratios.add(a[0] / a[1]);
                    System.out.printf("  N=%-3d round %d: sluice %6.1f  llama.cpp %6.1f tok/s (%.2fx)   load %s%n", n,
                            r + 1, a[0], a[1], a[0] / a[1], Machine.loadAverage());
                }
                s[b] = Stats.median(Stats.of(agg[0]));
                l[b] = Stats.median(Stats.of(agg[1]));
                ratio[b] = Stats.median(Stats.of(ratios));
                System.out.printf("  %s N=%d aggregate decode tok/s: sluice %s, llama.cpp %s, ratio %s%n", type, n,
                        Stats.spread(Stats.of(agg[0]), 1), Stats.spread(Stats.of(agg[1]), 1),
                        Stats.spread(Stats.of(ratios), 2));
            }
        }
        return new BatchResult(batches, s, l, ratio);
    }

    /** Runs {@code n} sequences at once; tokens/s over the window in which all of them are decoding. */
    private double aggregate(BenchEngine engine, int n, int decode) {
        List<CompletableFuture<BenchEngine.Run>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(engine.start(prompt(8), decode));
        }
        List<BenchEngine.Run> runs = futures.stream().map(EngineBench::await).toList();
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (BenchEngine.Run r : runs) {
            from = Math.max(from, r.stamps()[0]);
            to = Math.min(to, r.stamps()[r.stamps().length - 1]);
        }
        if (to <= from) { // one sequence finished before the last began: count everything after the first token
            from = runs.stream().mapToLong(r -> r.stamps()[0]).min().orElseThrow();
            to = runs.stream().mapToLong(r -> r.stamps()[r.stamps().length - 1]).max().orElseThrow();
        }
        long tokens = 0;
        for (BenchEngine.Run r : runs) {
            for (long t : r.stamps()) {
                if (t > from && t <= to) {
                    tokens++;
                }
            }
        }
        return tokens / ((to - from) / 1e9);
    }

    private static void plotBatched(Path file, Map<String, BatchResult> results) {
        String[] colors = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
        List<SvgPlot.Panel> panels = new ArrayList<>();
        String[] xs = null;
        for (var e : results.entrySet()) {
            BatchResult r = e.getValue();
            xs = java.util.Arrays.stream(r.batches()).mapToObj(Integer::toString).toArray(String[]::new);
            panels.add(new SvgPlot.Panel(e.getKey() + ": aggregate decode", "tokens/s", SvgPlot.list(
                    new SvgPlot.Series("Sluice", colors[0], false, r.sluice()),
                    new SvgPlot.Series("llama.cpp", colors[1], true, r.llama()))));
        }
        SvgPlot.write(file, "Batched decode, Qwen2.5-0.5B shape, 2 threads (" + Machine.cpuModel() + ")",
                "concurrent sequences", xs, panels);
        System.out.println("wrote " + file);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private int[] prompt(int length) {
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            p[i] = random.nextInt(BenchModels.firstFiller(), BenchModels.lastFiller() + 1);
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static List<Double>[] lists(int n) {
        List<Double>[] l = new List[n];
        for (int i = 0; i < n; i++) {
            l[i] = new ArrayList<>();
        }
        return l;
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(30, java.util.concurrent.TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
