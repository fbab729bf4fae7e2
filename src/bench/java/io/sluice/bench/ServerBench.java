package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.engine.embedded.gguf.GgmlType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load generator for the HTTP API: streams {@code POST /v1/chat/completions} (SSE) at several concurrency levels and
 * reports output tokens/s, time to first token and inter-token latency (p50/p99), plus the prefix-reuse check
 * (TTFT of a chat turn whose 1,000-token system prompt was seen before, against one never seen). By default it
 * starts the packaged server ({@code target/quarkus-app}) on the benchmark model itself and stops it at the end;
 * {@code url=http://host:port} drives a running one instead. Traffic goes to that address only, and every loop is
 * bounded.
 *
 * <p>Each client sends its requests back to back (closed loop): a short distinct user message (no shared prefix),
 * {@code max_tokens} tokens with {@code ignore_eos}, greedy. TTFT is measured to the first chunk carrying content
 * (the role chunk comes first and says nothing about the model); ITL is the gap between content chunks.
 *
 * <p>{@code -Dsluice.…} options given to this command (other than {@code sluice.bench.*}) are passed on to the
 * server it starts, e.g. {@code -Dsluice.scheduler.max-step-tokens=128}.
 *
 * <pre>java -Xmx1g -cp target/classes:$(cat target/bench-classpath.txt) io.sluice.bench.ServerBench \
 *     [sweep] [prefix] [type=Q8_0] [concurrency=1,4,16,64] [maxTokens=64] [rounds=2] [threads=2] \
 *     [plot=docs/server-sweep-Q8_0.svg] [url=http://127.0.0.1:8080]</pre>
 */
public final class ServerBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "bench";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final String base;
    private final SplittableRandom random = new SplittableRandom(7);

    private ServerBench(String base) {
        this.base = base;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        boolean all = args.noWords();
        GgmlType type = GgmlType.valueOf(args.get("type", "Q8_0"));
        int threads = args.getInt("threads", 2);
        System.out.printf("ServerBench %s, %s, %d CPUs, load average %s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), Machine.cpuModel(),
                Runtime.getRuntime().availableProcessors(), Machine.loadAverage());
        Process server = null;
        String url = args.get("url", "");
        int[] levels = args.getInts("concurrency", "1,4,16,64");
        int maxRunning = 0;
        for (int c : levels) {
            maxRunning = Math.max(maxRunning, c);
        }
        if (url.isEmpty()) {
            int port = freePort();
            url = "http://127.0.0.1:" + port;
            server = startServer(BenchModels.file(type), port, threads, maxRunning);
        }
        Process started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started)));
        try {
            ServerBench bench = new ServerBench(url);
            bench.awaitReady(Duration.ofMinutes(5));
            if (all || args.has("sweep")) {
                bench.sweep(type, levels, args.getInt("maxTokens", 64), args.getInt("rounds", 2),
                        args.get("plot", ""));
            }
            if (all || args.has("prefix")) {
                bench.prefix(args.getInt("systemTokens", 1000), args.getInt("prefixRounds", 5));
            }
        } finally {
            stop(server);
        }
        System.out.printf("done, load average %s%n", Machine.loadAverage());
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------------------ sweep

    /** One streamed request: when it was sent, when each content chunk came, and the usage's token counts. */
    record Stream(long sent, long[] chunks, int completionTokens, int cachedTokens) {
        double ttft() {
            return (chunks[0] - sent) / 1e9;
        }
    }

    private void sweep(GgmlType type, int[] levels, int maxTokens, int rounds, String plot) throws Exception {
        System.out.printf("%n== server sweep, %s, %d tokens per request, each client %d requests back to back ==%n",
                type, maxTokens, rounds);
        System.out.println("  streams  requests  output tok/s  TTFT p50   TTFT p99   ITL p50   ITL p99   load");
        // warm-up: compile the server's paths and the kernels' batched code
        runLevel(Math.min(4, levels[levels.length - 1]), 1, 16);
        double[] tps = new double[levels.length];
        double[][] ttft = new double[2][levels.length];
        double[][] itl = new double[2][levels.length];
        for (int i = 0; i < levels.length; i++) {
            int c = levels[i];
            long t0 = System.nanoTime();
            List<Stream> streams = runLevel(c, rounds, maxTokens);
            double wall = (System.nanoTime() - t0) / 1e9;
            long tokens = streams.stream().mapToLong(Stream::completionTokens).sum();
            double[] ttfts = streams.stream().mapToDouble(Stream::ttft).toArray();
            List<Double> gaps = new ArrayList<>();
            for (Stream s : streams) {
                for (int k = 1; k < s.chunks().length; k++) {
                    gaps.add((s.chunks()[k] - s.chunks()[k - 1]) / 1e6);
                }
            }
            double[] g = Stats.of(gaps);
            tps[i] = tokens / wall;
            ttft[0][i] = Stats.percentile(ttfts, 50);
            ttft[1][i] = Stats.percentile(ttfts, 99);
            itl[0][i] = Stats.percentile(g, 50);
            itl[1][i] = Stats.percentile(g, 99);
            System.out.printf("  %7d  %8d  %12.1f  %7.2f s  %7.2f s  %6.0f ms  %6.0f ms   %s%n", c, streams.size(),
                    tps[i], ttft[0][i], ttft[1][i], itl[0][i], itl[1][i], Machine.loadAverage());
        }
        if (!plot.isEmpty()) {
            String[] xs = java.util.Arrays.stream(levels).mapToObj(Integer::toString).toArray(String[]::new);
            SvgPlot.write(Path.of(plot), "Sluice server, " + type + " Qwen2.5-0.5B shape, 2 threads, " + maxTokens
                    + " tokens per request (" + Machine.cpuModel() + ")", "concurrent streams", xs, List.of(
                    new SvgPlot.Panel("Output throughput", "tokens/s", SvgPlot.list(
                            new SvgPlot.Series("output tokens/s", "#1f77b4", false, tps))),
                    new SvgPlot.Panel("Time to first token", "seconds", SvgPlot.list(
                            new SvgPlot.Series("p50", "#2ca02c", false, ttft[0]),
                            new SvgPlot.Series("p99", "#d62728", true, ttft[1]))),
                    new SvgPlot.Panel("Inter-token latency", "milliseconds", SvgPlot.list(
                            new SvgPlot.Series("p50", "#2ca02c", false, itl[0]),
                            new SvgPlot.Series("p99", "#d62728", true, itl[1])))));
            System.out.println("wrote " + plot);
        }
    }

    /** {@code clients} clients, each sending {@code rounds} requests one after the other. */
    private List<Stream> runLevel(int clients, int rounds, int maxTokens) throws Exception {
        List<Stream> out = Collections.synchronizedList(new ArrayList<>());
        List<String[]> prompts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String[] p = new String[rounds];
            for (int r = 0; r < rounds; r++) {
                p[r] = "Request " + c + "." + r + ": " + words(8);
            }
            prompts.add(p);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String[] p = prompts.get(c);
                fs.add(pool.submit(() -> {
                    for (String prompt : p) {
                        out.add(stream(List.of(message("user", prompt)), maxTokens));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------------------- prefix

    private void prefix(int systemTokens, int rounds) throws Exception {
        System.out.printf("%n== prefix reuse: chat turn with a %d-token system prompt, TTFT cold vs warm ==%n",
                systemTokens);
        stream(List.of(message("user", "warm-up " + words(4))), 2);
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        List<Double> speedup = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            String system = systemPrompt(systemTokens);
            int promptTokens = countTokens(List.of(message("system", system), message("user", "Question one?")));
            Stream c = stream(List.of(message("system", system), message("user", "Question one?")), 4);
            Stream w = stream(List.of(message("system", system), message("user", "And question two?")), 4);
            cold.add(c.ttft());
            warm.add(w.ttft());
            speedup.add(c.ttft() / w.ttft());
            System.out.printf("  round %d: prompt %d tokens; cold TTFT %.3f s (%d cached), warm TTFT %.3f s (%d cached)"
                            + ": %.1fx   load %s%n", r + 1, promptTokens, c.ttft(), c.cachedTokens(), w.ttft(),
                    w.cachedTokens(), c.ttft() / w.ttft(), Machine.loadAverage());
        }
        System.out.printf("  TTFT cold %s s, warm %s s, speed-up %sx%n", Stats.spread(Stats.of(cold), 3),
                Stats.spread(Stats.of(warm), 3), Stats.spread(Stats.of(speedup), 1));
    }

    /** Random lowercase text of about {@code tokens} tokens (checked with the server's /tokenize). */
    private String systemPrompt(int tokens) throws Exception {
        String text = "You are a helpful assistant. " + words(tokens / 6);
        for (int i = 0; i < 6; i++) {
            int n = countTokens(List.of(message("system", text))) - 5; // the template adds about 5
            if (Math.abs(n - tokens) <= 2) {
                break;
            }
            text = n > tokens ? text.substring(0, Math.max(1, text.length() - (n - tokens)))
                    : text + " " + words((tokens - n) / 6 + 1);
        }
        return text;
    }

    // ------------------------------------------------------------------------------------------------------- HTTP

    private static ObjectNode message(String role, String content) {
        return JSON.createObjectNode().put("role", role).put("content", content);
    }

    private Stream stream(List<ObjectNode> messages, int maxTokens) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", MODEL).put("stream", true)
                .put("max_tokens", maxTokens).put("ignore_eos", true).put("temperature", 0);
        ArrayNode ms = body.putArray("messages");
        messages.forEach(ms::add);
        body.putObject("stream_options").put("include_usage", true);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .timeout(Duration.ofMinutes(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        List<Long> chunks = new ArrayList<>();
        int completion = -1;
        int cached = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                long now = System.nanoTime();
                String data = line.substring(6);
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonNode event = JSON.readTree(data);
                if (event.has("error")) {
                    throw new IllegalStateException("stream failed: " + data);
                }
                JsonNode choices = event.path("choices");
                if (choices.size() > 0 && !choices.get(0).path("delta").path("content").asText("").isEmpty()) {
                    chunks.add(now);
                }
                JsonNode usage = event.path("usage");
                if (usage.isObject()) {
                    completion = usage.path("completion_tokens").asInt();
                    cached = usage.path("prompt_tokens_details").path("cached_tokens").asInt();
                }
            }
        }
        if (chunks.isEmpty() || completion < 0) {
            throw new IllegalStateException("stream ended without content or usage");
        }
        return new Stream(sent, chunks.stream().mapToLong(Long::longValue).toArray(), completion, cached);
    }

    private int countTokens(List<ObjectNode> messages) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", MODEL);
        ArrayNode ms = body.putArray("messages");
        messages.forEach(ms::add);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/tokenize"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("count").asInt();
    }

    private void awaitReady(Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    System.out.println("server ready at " + base);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("server at " + base + " not ready within " + limit);
    }

    private String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            int len = 2 + random.nextInt(6);
            for (int k = 0; k < len; k++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------------------- server

    private static Process startServer(Path model, int port, int threads, int maxRunning) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B -q package -DskipTests first (README,"
                    + " Benchmarks)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Path.of("target/bench-server.log");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Xmx4g", "-Dsluice.model.path=" + model.toAbsolutePath(),
                "-Dsluice.model.name=" + MODEL, "-Dsluice.engine.threads=" + threads,
                "-Dsluice.scheduler.max-running=" + maxRunning, "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port));
        // Other server settings to try pass through: -Dsluice.scheduler.max-step-tokens=128 on the bench's own command
        // line reaches the server it starts (later -D options win); the bench's own sluice.bench.* keys stay here.
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("sluice.") && !k.startsWith("sluice.bench."))
                .sorted()
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.addAll(List.of("-jar", jar.toString()));
        System.out.println("starting " + String.join(" ", cmd) + " (log: " + log + ")");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process server) {
        if (server == null || !server.isAlive()) {
            return;
        }
        server.destroy();
        try {
            if (!server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
