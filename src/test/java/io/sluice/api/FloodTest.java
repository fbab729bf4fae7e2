package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.observability.MetricNames;
import io.sluice.testing.ServingProfile;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood well above the limits (two running, two queued) over real HTTP with the real engine: every answer is a
 * 200 or a 429, never a 5xx or a hang; each 429 comes at once, before any SSE header, with {@code Retry-After} and
 * OpenAI's error shape; and the server is idle again afterwards.
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class FloodTest extends ServingTestBase {

    private static final int REQUESTS = 30;

    private record Outcome(HttpResponse<String> response, long millis, boolean stream) {
    }

    @Test
    void aFloodGetsOnly200sAndFast429s() throws Exception {
        Scrape before = awaitIdle();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<Outcome>> calls = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            boolean stream = i % 2 == 0;
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(chat("Flood " + i, 48, stream))).build();
            long start = System.nanoTime();
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> new Outcome(r, (System.nanoTime() - start) / 1_000_000, stream)));
        }
        int ok = 0;
        int refused = 0;
        for (CompletableFuture<Outcome> call : calls) {
            Outcome outcome = call.get();
            HttpResponse<String> response = outcome.response();
            switch (response.statusCode()) {
                case 200 -> {
                    ok++;
                    if (outcome.stream()) {
                        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
                    } else {
                        assertEquals(48, Http.json(response.body()).at("/usage/completion_tokens").asInt());
                    }
                }
                case 429 -> {
                    refused++;
                    assertTrue(outcome.millis() < 2_000, "a 429 must be fast, took " + outcome.millis() + " ms");
                    assertEquals("1", response.headers().firstValue("retry-after").orElse(null));
                    assertEquals("application/json", response.headers().firstValue("content-type").orElse(null),
                            "refused before any SSE header, streaming or not");
                    JsonNode error = Http.json(response.body()).get("error");
                    assertEquals("queue_full", error.get("code").asText());
                    assertTrue(error.get("message").asText().contains("capacity"), error.toString());
                }
                default -> throw new AssertionError("only 200 and 429 may answer a flood, got "
                        + response.statusCode() + ": " + response.body());
            }
        }
        assertTrue(ok >= ServingProfile.MAX_RUNNING + ServingProfile.MAX_QUEUED, "the admitted ones are served: " + ok);
        assertTrue(refused > 0, "a flood of " + REQUESTS + " must overflow a queue of " + ServingProfile.MAX_QUEUED);
        awaitIdle();
        int served = ok;
        int tooMany = refused;
        Scrape after = Scrape.await(base, 5_000, s -> s.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200")
                >= before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200") + served
                && s.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "429")
                >= before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "429") + tooMany);
        assertEquals(before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200") + ok,
                after.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200"));
        assertEquals(before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "429") + refused,
                after.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "429"));
    }
}
