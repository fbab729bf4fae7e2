package io.sluice.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.sluice.engine.embedded.EmbeddedEngine;
import io.sluice.engine.embedded.EmbeddedModelRegistry;
import io.sluice.engine.spi.EngineLoad;
import io.sluice.observability.MetricNames;
import io.sluice.pipeline.Admission;
import io.sluice.testing.ServingProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the serving-contract tests share: the server's address, request bodies, and the checks that a server is back
 * to idle (gauges at zero, the engine's batch and KV cache empty). The beans are read only to know when a phase has
 * been reached; every assertion about the contract goes through HTTP ({@code /q/metrics}).
 */
abstract class ServingTestBase {

    @TestHTTPResource("/")
    URI base;

    @Inject
    EmbeddedModelRegistry registry;

    @Inject
    Admission admission;

    private final List<RawClient> clients = new ArrayList<>();

    EmbeddedEngine engine() {
        return registry.engine().orElseThrow();
    }

    EngineLoad load() {
        return engine().load();
    }

    /** A streaming (or not) chat request that runs for {@code maxTokens} tokens whatever the model says. */
    static String chat(String content, int maxTokens, boolean stream) {
        return """
                {"model":"%s","messages":[{"role":"user","content":%s}],"max_tokens":%d,"ignore_eos":true,
                 "stream":%s}""".formatted(ServingProfile.MODEL, Http.quote(content), maxTokens, stream);
    }

    /** A completion whose prompt is {@code promptTokens} token ids: a prefill of known length. */
    static String longPrompt(int promptTokens, int maxTokens, boolean stream) {
        StringJoiner ids = new StringJoiner(",", "[", "]");
        for (int i = 0; i < promptTokens; i++) {
            ids.add(Integer.toString(40 + (i * 7) % 400));
        }
        return """
                {"model":"%s","prompt":%s,"max_tokens":%d,"ignore_eos":true,"stream":%s}"""
                .formatted(ServingProfile.MODEL, ids, maxTokens, stream);
    }

    /** Opens a raw connection the test closes (or kills) itself; any left open are closed after the test. */
    RawClient open(String path, String body) {
        RawClient client = RawClient.post(base, path, body);
        clients.add(client);
        return client;
    }

    RawClient openStalled(String path, String body, int receiveBuffer) {
        RawClient client = RawClient.post(base, path, body, java.util.Map.of(), receiveBuffer);
        clients.add(client);
        return client;
    }

    @AfterEach
    void closeClientsAndAwaitIdle() throws InterruptedException {
        for (RawClient client : clients) {
            client.close();
        }
        clients.clear();
        awaitIdle();
    }

    /** Waits until the server is idle and asserts it, through the gauges and the engine's own snapshot. */
    Scrape awaitIdle() throws InterruptedException {
        Scrape scrape = Scrape.await(base, 10_000, s -> s.value(MetricNames.REQUESTS_RUNNING) == 0
                && s.value(MetricNames.REQUESTS_WAITING) == 0 && s.value(MetricNames.KV_CACHE_USAGE_RATIO) == 0);
        assertEquals(0, scrape.value(MetricNames.REQUESTS_RUNNING), "running gauge");
        assertEquals(0, scrape.value(MetricNames.REQUESTS_WAITING), "waiting gauge");
        assertEquals(0, scrape.value(MetricNames.KV_CACHE_USAGE_RATIO), "KV cache gauge: the memory is freed");
        awaitTrue(() -> load().runningSequences() == 0 && load().waitingSequences() == 0, 5_000,
                "the engine's batch is empty: " + load());
        return scrape;
    }

    static void awaitTrue(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    static double aborted(Scrape scrape, String reason) {
        return scrape.value(MetricNames.REQUESTS_ABORTED_TOTAL, MetricNames.REASON, reason);
    }
}
