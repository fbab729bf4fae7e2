package io.sluice.deploy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.sluice.engine.embedded.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the image's start command (the Dockerfile's ENTRYPOINT, which {@link DockerfileTest} holds equal to the
 * README's) on the packaged server, the way the container runs it: on a Java runtime linked from
 * docker/runtime-modules, with the image's environment, Kubernetes' ConfigMap from k8s/base on top, a HOME that
 * stands in for the cache volume, and the working directory holding {@code target/quarkus-app}. It must become
 * ready, pass the image's healthcheck script, serve a chat completion and its metrics, and stop on SIGTERM.
 */
class ImageStartCommandTest {

    static final String API_KEY = "sk-deploy-test";
    static final Duration READY_WITHIN = Duration.ofSeconds(120);

    @Test
    void startsReadyServesAndStopsOnSigterm(@TempDir Path scratch) throws Exception {
        PackagedApp.assumeFresh("running the image's start command");
        Path runtime = RuntimeImage.link();
        Dockerfile image = Dockerfile.load();
        int port = freePort();

        Map<String, String> env = new LinkedHashMap<>(image.finalStage().env());
        env.put("JAVA_HOME", runtime.toString());
        env.put("PATH", runtime.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");
        Path home = Files.createDirectories(scratch.resolve("home"));
        env.put("HOME", home.toString());
        Map<String, String> config = ManifestRulesTest.sluiceConfig(Rendered.of("k8s/base"));
        env.putAll(config);
        Path keys = scratch.resolve("api-keys");
        Files.writeString(keys, "# test\n" + API_KEY + "\n");
        env.put("SLUICE_AUTH_API_KEYS_FILE", keys.toString());
        if (!carriesBundledModel()) {
            env.put("SLUICE_MODEL_PATH", TestModels.tinyChatModel().toString());
        }
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));

        List<String> entrypoint = image.finalStage().last("ENTRYPOINT").execForm();
        List<String> command = new ArrayList<>();
        command.add(runtime.resolve("bin").resolve(entrypoint.getFirst()).toString());
        command.addAll(entrypoint.subList(1, entrypoint.size()));
        Path log = Repo.ROOT.resolve("target/deploy-start-command.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(Repo.ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + port;
        Process server = pb.start();
        try {
            awaitReady(server, http, base, log);

            Tools.Result healthy = Tools.run(Repo.ROOT, Duration.ofSeconds(20),
                    Map.of("QUARKUS_HTTP_PORT", String.valueOf(port)), List.of("bash", "docker/healthcheck"));
            assertTrue(healthy.ok(), "the image's HEALTHCHECK passes: " + healthy.output());

            HttpResponse<String> models = http.send(get(base + "/v1/models").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, models.statusCode(), models.body());
            String model = Repo.JSON.readTree(models.body()).at("/data/0/id").asText();
            assertFalse(model.isEmpty(), "a model is served: " + models.body());

            String body = Repo.JSON.writeValueAsString(Map.of("model", model, "max_tokens", 4,
                    "messages", List.of(Map.of("role", "user", "content", "Say hello"))));
            HttpResponse<String> chat = http.send(get(base + "/v1/chat/completions")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, chat.statusCode(), "a generation on the linked runtime (Vector API): " + chat.body());
            assertTrue(Repo.JSON.readTree(chat.body()).at("/usage/completion_tokens").asInt() > 0, chat.body());

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics (jdk.management linked)");
            if (classExists("io.sluice.observability.MetricNames")) {
                assertTrue(metrics.body().contains("sluice_requests_waiting"), "the autoscaling metric is exported");
            }

            server.destroy();  // SIGTERM, as the kubelet sends after preStop
            long drain = DurationConverter.parseDuration(config.get("SLUICE_SHUTDOWN_TIMEOUT")).toSeconds();
            assertTrue(server.waitFor(drain + 10, TimeUnit.SECONDS), "stops within the drain timeout");
            if (classExists("io.sluice.api.SigtermDrain")) {
                assertEquals(0, server.exitValue(), "a drained stop exits 0, not 143:\n" + tail(log));
            } else {
                assertTrue(List.of(0, 143).contains(server.exitValue()), "exit status " + server.exitValue());
            }
            Tools.Result gone = Tools.run(Repo.ROOT, Duration.ofSeconds(20),
                    Map.of("QUARKUS_HTTP_PORT", String.valueOf(port)), List.of("bash", "docker/healthcheck"));
            assertFalse(gone.ok(), "the healthcheck fails once the server is gone");
        } finally {
            if (server.isAlive()) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + API_KEY);
    }

    private static void awaitReady(Process server, HttpClient http, String base, Path log) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("the start command exited with " + server.exitValue() + " before ready:\n" + tail(log));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.statusCode() + " " + ready.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        fail("not ready within " + READY_WITHIN + " (last: " + last + "):\n" + tail(log));
    }

    /** Whether the packaged app jar carries the bundled demo model (models/sluice-demo.gguf). */
    private static boolean carriesBundledModel() throws IOException {
        try (var jars = Files.list(Repo.QUARKUS_APP.resolve("app"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    if (zip.getEntry("models/sluice-demo.gguf") != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, ImageStartCommandTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
