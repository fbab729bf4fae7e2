package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.GuardProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-key limits over real HTTP with the real engine: 3 requests and 300 tokens a minute per key. Over either, a 429
 * with {@code Retry-After} and OpenAI's {@code x-ratelimit-*} headers, which also come with every answer to a key.
 */
@QuarkusTest
@TestProfile(GuardProfile.class)
class RateLimitTest {

    @io.quarkus.test.common.http.TestHTTPResource("/")
    URI base;

    private HttpResponse<String> chat(String key, int maxTokens) {
        return Http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":%d,"ignore_eos":true}"""
                        .formatted(GuardProfile.MODEL, maxTokens))));
    }

    private static long header(HttpResponse<String> response, String name) {
        return Long.parseLong(response.headers().firstValue(name).orElseThrow(() -> new AssertionError(
                "missing " + name + " in " + response.headers().map())));
    }

    @Test
    void theRequestBudgetIsPerKeyAndSaysWhatIsLeft() {
        for (int i = 1; i <= GuardProfile.REQUESTS_PER_MINUTE; i++) {
            HttpResponse<String> ok = chat(GuardProfile.LIMITED_KEY, 2);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals(GuardProfile.REQUESTS_PER_MINUTE, header(ok, "x-ratelimit-limit-requests"));
            assertEquals(GuardProfile.REQUESTS_PER_MINUTE - i, header(ok, "x-ratelimit-remaining-requests"));
            assertEquals(GuardProfile.TOKENS_PER_MINUTE, header(ok, "x-ratelimit-limit-tokens"));
            assertTrue(ok.headers().firstValue("x-ratelimit-reset-requests").orElseThrow().matches("[0-9.hms]+"));
        }
        long start = System.nanoTime();
        HttpResponse<String> refused = chat(GuardProfile.LIMITED_KEY, 2);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000, "refused at once");
        long retryAfter = header(refused, "retry-after");
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(0, header(refused, "x-ratelimit-remaining-requests"));
        JsonNode error = Http.json(refused.body()).get("error");
        assertEquals("rate_limit_exceeded", error.get("code").asText());
        assertEquals("requests", error.get("type").asText());

        HttpResponse<String> otherKey = chat(GuardProfile.INLINE_KEY, 2);
        assertEquals(200, otherKey.statusCode(), "another key has its own budget");
    }

    @Test
    void theTokenBudgetCountsPromptAndGeneratedTokens() {
        // The prompt fits a full bucket; the 400 generated tokens overrun it, and are charged all the same.
        HttpResponse<String> first = chat(GuardProfile.TOKEN_KEY, 400);
        assertEquals(200, first.statusCode(), first.body());
        int used = Http.json(first.body()).at("/usage/total_tokens").asInt();
        assertTrue(used > 400, "prompt plus 400 generated: " + used);
        HttpResponse<String> refused = chat(GuardProfile.TOKEN_KEY, 2);
        assertEquals(429, refused.statusCode(), "the generated tokens were charged: " + refused.body());
        JsonNode error = Http.json(refused.body()).get("error");
        assertEquals("tokens", error.get("type").asText());
        assertTrue(header(refused, "retry-after") >= 1);
        assertEquals(0, header(refused, "x-ratelimit-remaining-tokens"), "in debt for about 20 s");
        assertTrue(header(refused, "retry-after") > 10, "Retry-After covers the debt");
        assertTrue(refused.headers().firstValue("x-ratelimit-reset-tokens").isPresent());
    }
}
