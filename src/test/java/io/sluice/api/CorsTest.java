package io.sluice.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.observability.MetricNames;
import io.sluice.testing.GuardProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS over real HTTP: preflights from allowed origins are answered without a key and without any engine work;
 * other origins are refused before any work; answers to allowed origins expose {@code Retry-After} and
 * {@code x-request-id}; same-origin pages need no entry.
 */
@QuarkusTest
@TestProfile(GuardProfile.class)
class CorsTest {

    /** java.net.http refuses to set Origin and Host unless told to. */
    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "origin,host");
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @io.quarkus.test.common.http.TestHTTPResource("/")
    URI base;

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder preflight(String origin) {
        return HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-stainless-os");
    }

    private HttpRequest.Builder chat(String origin) {
        return HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("Origin", origin)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + GuardProfile.INLINE_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":2}"""
                        .formatted(GuardProfile.MODEL)));
    }

    @Test
    void aPreflightIsAnsweredWithoutAKeyAndStartsNothing() throws Exception {
        Scrape before = Scrape.of(base);
        HttpResponse<String> allowed = send(preflight(GuardProfile.ORIGIN));
        assertEquals(204, allowed.statusCode(), allowed.body());
        assertEquals(GuardProfile.ORIGIN, allowed.headers().firstValue("access-control-allow-origin").orElse(null));
        assertTrue(allowed.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));
        assertEquals("authorization, content-type, x-stainless-os",
                allowed.headers().firstValue("access-control-allow-headers").orElse(null));
        assertTrue(allowed.headers().allValues("vary").toString().toLowerCase().contains("origin"));

        HttpResponse<String> refused = send(preflight("https://evil.example.net"));
        assertEquals(403, refused.statusCode());
        assertTrue(refused.headers().firstValue("access-control-allow-origin").isEmpty());

        Scrape after = Scrape.of(base);
        assertEquals(before.value(MetricNames.GENERATION_TOKENS_TOTAL), after.value(MetricNames.GENERATION_TOKENS_TOTAL));
        assertEquals(before.value(MetricNames.PROMPT_TOKENS_TOTAL), after.value(MetricNames.PROMPT_TOKENS_TOTAL));
        for (String status : new String[]{"200", "401", "403"}) {
            assertEquals(before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, status),
                    after.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, status),
                    "a preflight is not a generation request");
        }
    }

    @Test
    void anAllowedOriginGetsItsAnswerWithTheHeadersExposed() throws Exception {
        HttpResponse<String> response = send(chat(GuardProfile.ORIGIN));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(GuardProfile.ORIGIN, response.headers().firstValue("access-control-allow-origin").orElse(null));
        String exposed = response.headers().firstValue("access-control-expose-headers").orElse("");
        assertTrue(exposed.contains("Retry-After") && exposed.contains("x-request-id"), exposed);
    }

    @Test
    void anotherOriginIsRefusedBeforeAnyWork() throws Exception {
        Scrape before = Scrape.of(base);
        HttpResponse<String> response = send(chat("https://evil.example.net"));
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("origin_not_allowed", Http.json(response.body()).at("/error/code").asText());
        assertTrue(response.headers().firstValue("access-control-allow-origin").isEmpty());
        assertEquals(before.value(MetricNames.PROMPT_TOKENS_TOTAL), Scrape.of(base).value(MetricNames.PROMPT_TOKENS_TOTAL));
    }

    @Test
    void aSameOriginPageNeedsNoEntry() throws Exception {
        String self = "http://" + base.getHost() + ":" + base.getPort();
        HttpResponse<String> response = send(chat(self));
        assertEquals(200, response.statusCode(), response.body());
    }
}
