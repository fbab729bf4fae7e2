package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.configuration.DurationConverter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker/compose.yaml and docker/prometheus.yml: Compose builds the image from the repository with the Dockerfile,
 * runs it as Kubernetes does (read-only root, writable /tmp and model cache, room to drain), and Prometheus scrapes
 * Sluice's metrics path on the service name. promtool, where installed, checks the Prometheus file and the
 * autoscalers' PromQL.
 */
class ComposeTest {

    /** Compose-spec fields these files may use: a typo in a field name fails here rather than being ignored. */
    static final Set<String> TOP_LEVEL = Set.of("name", "services", "volumes", "networks", "configs", "secrets");
    static final Set<String> SERVICE = Set.of("build", "image", "ports", "environment", "read_only", "tmpfs",
            "volumes", "stop_grace_period", "mem_limit", "restart", "command", "depends_on", "healthcheck", "user",
            "cpus", "deploy", "networks");

    final JsonNode compose = Repo.yaml(Repo.DOCKER.resolve("compose.yaml"));

    @Test
    void sluiceRunsAsInKubernetes() {
        assertKnownFields(compose, TOP_LEVEL, "compose.yaml");
        compose.path("services").properties().forEach(s -> assertKnownFields(s.getValue(), SERVICE, s.getKey()));
        JsonNode sluice = compose.path("services").path("sluice");
        Path context = Repo.DOCKER.resolve(sluice.path("build").path("context").asText()).normalize();
        assertEquals(Repo.ROOT, context, "the build context is the repository root");
        assertEquals(Repo.DOCKER.resolve("Dockerfile"), context.resolve(sluice.path("build").path("dockerfile").asText()));
        assertEquals("sluice:" + Repo.projectVersion(), sluice.path("image").asText());
        assertTrue(sluice.path("read_only").asBoolean(), "read-only root, as in Kubernetes");
        String home = Dockerfile.load().finalStage().env().get("HOME");
        List<String> writable = new ArrayList<>();
        sluice.path("tmpfs").forEach(t -> writable.add(t.asText().split(":")[0]));
        sluice.path("volumes").forEach(v -> writable.add(v.asText().split(":")[1]));
        assertTrue(writable.containsAll(List.of("/tmp", home + "/.cache")), "writable /tmp and model cache");
        long drain = DurationConverter.parseDuration(sluice.path("environment").path("SLUICE_SHUTDOWN_TIMEOUT")
                .asText("25s")).toSeconds();
        long grace = DurationConverter.parseDuration(sluice.path("stop_grace_period").asText()).toSeconds();
        assertTrue(grace >= drain + 5, "stop_grace_period " + grace + " s leaves the drain (" + drain + " s) room");
        assertTrue(sluice.path("ports").toString().contains("8080:8080"));
    }

    @Test
    void prometheusScrapesSluice() {
        JsonNode prometheus = compose.path("services").path("prometheus");
        assertFalse(prometheus.path("image").asText().endsWith(":latest"));
        assertTrue(prometheus.path("image").asText().matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+"));
        String mount = prometheus.path("volumes").get(0).asText();
        assertTrue(Files.exists(Repo.DOCKER.resolve(mount.split(":")[0])), mount + ": the config file exists");
        assertTrue(prometheus.path("command").toString().contains("--config.file=" + mount.split(":")[1]));

        JsonNode config = Repo.yaml(Repo.DOCKER.resolve("prometheus.yml"));
        JsonNode job = null;
        for (JsonNode j : config.path("scrape_configs")) {
            if (j.path("job_name").asText().equals("sluice")) {
                job = j;
            }
        }
        assertTrue(job != null, "a scrape job named sluice");
        assertEquals("/q/metrics", job.path("metrics_path").asText());
        assertEquals("sluice:8080", job.path("static_configs").get(0).path("targets").get(0).asText(),
                "the compose service name and the container port");
    }

    @Test
    void promtoolAcceptsTheConfigAndTheAutoscalersQueries() throws IOException {
        Optional<Path> promtool = Tools.find("promtool");
        assumeTrue(promtool.isPresent(), "promtool (Debian package prometheus) is not installed: the Prometheus file "
                + "and the autoscaling queries are not checked by Prometheus itself here");
        Tools.Result config = Tools.run(Repo.ROOT, Duration.ofSeconds(30),
                List.of(promtool.get().toString(), "check", "config", "docker/prometheus.yml"));
        assertTrue(config.ok(), config.output());

        Set<String> queries = new TreeSet<>();
        for (Rendered r : Rendered.all()) {
            r.ofKind("ScaledObject").forEach(o -> o.at("/spec/triggers").forEach(t ->
                    queries.add(t.path("metadata").path("query").asText())));
        }
        StringBuilder rules = new StringBuilder("groups:\n  - name: autoscaling\n    rules:\n");
        int n = 0;
        for (String q : queries) {
            rules.append("      - record: autoscaling_query_").append(n++).append("\n        expr: ")
                    .append(Repo.JSON.writeValueAsString(q)).append('\n');
        }
        Path file = Files.createTempFile("autoscaling-queries", ".yml");
        try {
            Files.writeString(file, rules);
            Tools.Result check = Tools.run(Repo.ROOT, Duration.ofSeconds(30),
                    List.of(promtool.get().toString(), "check", "rules", file.toString()));
            assertTrue(check.ok(), "the ScaledObjects' PromQL parses:\n" + rules + check.output());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void assertKnownFields(JsonNode node, Set<String> allowed, String where) {
        node.fieldNames().forEachRemaining(f -> assertTrue(allowed.contains(f), where + ": unknown field " + f));
    }
}
