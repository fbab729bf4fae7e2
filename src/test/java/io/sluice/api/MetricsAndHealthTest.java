package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.observability.MetricNames;
import io.sluice.testing.ServingProfile;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metric names are a public contract: each is exported under exactly its name and type, and a request moves
 * them as documented. Every response carries {@code x-request-id}. Health is open and up.
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class MetricsAndHealthTest extends ServingTestBase {

    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{32}");

    @Test
    void everyMetricIsExportedUnderItsContractNameAndType() throws Exception {
        Scrape scrape = awaitIdle();
        Map<String, String> types = Map.ofEntries(
                Map.entry(MetricNames.REQUESTS_RUNNING, "gauge"),
                Map.entry(MetricNames.REQUESTS_WAITING, "gauge"),
                Map.entry(MetricNames.KV_CACHE_USAGE_RATIO, "gauge"),
                Map.entry(MetricNames.TIME_TO_FIRST_TOKEN_SECONDS, "histogram"),
                Map.entry(MetricNames.INTER_TOKEN_LATENCY_SECONDS, "histogram"),
                Map.entry(MetricNames.E2E_REQUEST_LATENCY_SECONDS, "histogram"),
                Map.entry(MetricNames.REQUEST_QUEUE_TIME_SECONDS, "histogram"),
                Map.entry(MetricNames.PROMPT_TOKENS_TOTAL, "counter"),
                Map.entry(MetricNames.GENERATION_TOKENS_TOTAL, "counter"),
                Map.entry(MetricNames.REQUESTS_TOTAL, "counter"),
                Map.entry(MetricNames.REQUESTS_ABORTED_TOTAL, "counter"));
        types.forEach((name, type) -> {
            // The text format names a counter's family without _total (# TYPE x counter) and its samples with it.
            String family = type.equals("counter") ? name.substring(0, name.length() - "_total".length()) : name;
            assertEquals(type, scrape.type(family), name + " in " + scrape.text);
            assertTrue(Pattern.compile("(?m)^" + name + "(_bucket)?[{ ]").matcher(scrape.text).find(),
                    "samples named " + name);
        });
        assertEquals("sluice_requests_running", MetricNames.REQUESTS_RUNNING); // the contract, spelled out once
        for (String histogram : List.of(MetricNames.TIME_TO_FIRST_TOKEN_SECONDS,
                MetricNames.INTER_TOKEN_LATENCY_SECONDS, MetricNames.E2E_REQUEST_LATENCY_SECONDS,
                MetricNames.REQUEST_QUEUE_TIME_SECONDS)) {
            assertTrue(scrape.text.contains(histogram + "_bucket{le=\"1.0\""), histogram + " has buckets");
        }
        for (String reason : List.of("client_disconnect", "slow_consumer", "queue_timeout", "shutdown")) {
            assertTrue(scrape.text.contains(MetricNames.REQUESTS_ABORTED_TOTAL + "{reason=\"" + reason + "\""),
                    "every abort reason is exported from the start: " + reason);
        }
    }

    @Test
    void aRequestMovesTheMetricsAsDocumented() throws Exception {
        Scrape before = awaitIdle();
        HttpResponse<String> response = Http.post(base, "/v1/chat/completions", """
                {"model":"serving-tiny","messages":[{"role":"user","content":"Count to twenty"}],"max_tokens":20,
                 "ignore_eos":true,"stream":true,"stream_options":{"include_usage":true}}""");
        assertEquals(200, response.statusCode());
        JsonNode usage = Http.chunks(response.body()).getLast().get("usage");
        awaitIdle();
        Scrape after = Scrape.await(base, 5_000, s -> s.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200")
                >= before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200") + 1);
        assertEquals(before.value(MetricNames.PROMPT_TOKENS_TOTAL) + usage.get("prompt_tokens").asInt(),
                after.value(MetricNames.PROMPT_TOKENS_TOTAL));
        assertEquals(before.value(MetricNames.GENERATION_TOKENS_TOTAL) + 20,
                after.value(MetricNames.GENERATION_TOKENS_TOTAL));
        assertEquals(before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200") + 1,
                after.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200"));
        for (String histogram : List.of(MetricNames.TIME_TO_FIRST_TOKEN_SECONDS,
                MetricNames.E2E_REQUEST_LATENCY_SECONDS, MetricNames.REQUEST_QUEUE_TIME_SECONDS)) {
            assertEquals(before.value(histogram + "_count") + 1, after.value(histogram + "_count"), histogram);
        }
        assertEquals(before.value(MetricNames.INTER_TOKEN_LATENCY_SECONDS + "_count") + 19,
                after.value(MetricNames.INTER_TOKEN_LATENCY_SECONDS + "_count"), "one gap between each two tokens");
    }

    @Test
    void everyResponseCarriesARequestId() {
        List<HttpResponse<String>> responses = List.of(
                Http.post(base, "/v1/chat/completions", chat("hi", 2, false)),
                Http.post(base, "/v1/chat/completions", chat("hi", 2, true)),
                Http.post(base, "/v1/chat/completions", "{"),
                Http.get(base, "/v1/models"),
                Http.get(base, "/no/such/route"),
                Http.get(base, "/q/health/live"),
                Http.get(base, "/q/metrics"));
        for (HttpResponse<String> response : responses) {
            String id = response.headers().firstValue("x-request-id").orElse(null);
            assertTrue(id != null && HEX_ID.matcher(id).matches(), response.uri() + " " + response.statusCode()
                    + ": x-request-id " + id);
        }
        assertNotEquals(responses.get(0).headers().firstValue("x-request-id"),
                responses.get(1).headers().firstValue("x-request-id"), "ids are unique");

        HttpResponse<String> kept = Http.send(HttpRequest.newBuilder(base.resolve("/v1/models"))
                .header("x-request-id", "trace-4711.a:b").GET());
        assertEquals("trace-4711.a:b", kept.headers().firstValue("x-request-id").orElseThrow(),
                "a plain client id is kept, so it can be followed across proxies");
        HttpResponse<String> replaced = Http.send(HttpRequest.newBuilder(base.resolve("/v1/models"))
                .header("x-request-id", "evil id; with spaces").GET());
        assertTrue(HEX_ID.matcher(replaced.headers().firstValue("x-request-id").orElseThrow()).matches(),
                "anything else is replaced: ids go into log lines");
    }

    @Test
    void healthIsOpenAndUp() {
        for (String probe : List.of("/q/health/live", "/q/health/ready")) {
            HttpResponse<String> health = Http.get(base, probe);
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("UP", Http.json(health.body()).get("status").asText());
        }
        JsonNode ready = Http.json(Http.get(base, "/q/health/ready").body()).get("checks");
        boolean found = false;
        for (JsonNode check : ready) {
            if (check.get("name").asText().equals("sluice")) {
                found = true;
                assertTrue(check.at("/data/models_loaded").asBoolean());
                assertTrue(!check.at("/data/draining").asBoolean());
            }
        }
        assertTrue(found, ready.toString());
    }
}
