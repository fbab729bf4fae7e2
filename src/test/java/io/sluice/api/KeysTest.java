package io.sluice.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.GuardProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API keys over real HTTP: only {@code Authorization: Bearer <key>} opens the API, every failure gets the very same
 * 401, keys come inline and from a file that is reread when it changes, and health and metrics need no key.
 */
@QuarkusTest
@TestProfile(GuardProfile.class)
class KeysTest {

    @io.quarkus.test.common.http.TestHTTPResource("/")
    URI base;

    private HttpResponse<String> models(String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/models")).GET();
        if (header != null) {
            request.header(header, value);
        }
        return Http.send(request);
    }

    @Test
    void everyFailureGetsTheSame401() {
        List<HttpResponse<String>> refused = new ArrayList<>(List.of(
                models(null, null),
                models("Authorization", "Bearer sk-wrong"),
                models("Authorization", "Bearer " + GuardProfile.INLINE_KEY + "x"),
                models("Authorization", "Bearer"),
                models("Authorization", "Bearer  "),
                models("Authorization", "Basic c2staW5saW5lLW9uZTo="),
                models("Authorization", GuardProfile.INLINE_KEY),
                models("x-api-key", GuardProfile.INLINE_KEY),
                models("Api-Key", GuardProfile.INLINE_KEY)));
        refused.add(Http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))));
        refused.add(Http.send(HttpRequest.newBuilder(base.resolve("/tokenize?api_key=" + GuardProfile.INLINE_KEY))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\"}"))));
        String body = refused.getFirst().body();
        for (HttpResponse<String> response : refused) {
            assertEquals(401, response.statusCode(), response.request().headers().map().toString());
            assertEquals(body, response.body(), "one body for every failure: it tells nothing about the key");
            assertTrue(response.headers().firstValue("x-request-id").isPresent());
        }
        assertEquals("invalid_api_key", Http.json(body).at("/error/code").asText());
        assertTrue(!body.contains(GuardProfile.INLINE_KEY) && !body.contains("sk-wrong"), body);
    }

    @Test
    void inlineAndFileKeysOpenTheApiAndTheSchemeIsCaseInsensitive() {
        for (String key : List.of(GuardProfile.INLINE_KEY, GuardProfile.LIMITED_KEY, GuardProfile.FILE_KEY,
                GuardProfile.TOKEN_KEY)) {
            HttpResponse<String> response = models("Authorization", "Bearer " + key);
            assertEquals(200, response.statusCode(), key + ": " + response.body());
        }
        assertEquals(200, models("Authorization", "bearer " + GuardProfile.INLINE_KEY).statusCode());
    }

    @Test
    void healthAndMetricsNeedNoKey() {
        for (String path : List.of("/q/health/live", "/q/health/ready", "/q/health", "/q/metrics")) {
            assertEquals(200, Http.get(base, path).statusCode(), path);
        }
    }

    @Test
    void theKeyFileIsRereadWhenItChanges() throws Exception {
        String original = Files.readString(GuardProfile.keyFile());
        try {
            Files.writeString(GuardProfile.keyFile(), "sk-file-new\n" + GuardProfile.TOKEN_KEY + "\n");
            long deadline = System.currentTimeMillis() + 10_000;
            while (models("Authorization", "Bearer sk-file-new").statusCode() != 200
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(200, models("Authorization", "Bearer sk-file-new").statusCode(), "an added key works");
            assertEquals(401, models("Authorization", "Bearer " + GuardProfile.FILE_KEY).statusCode(),
                    "a removed key is revoked");
            assertEquals(200, models("Authorization", "Bearer " + GuardProfile.INLINE_KEY).statusCode(),
                    "inline keys stay");
        } finally {
            Files.writeString(GuardProfile.keyFile(), original);
            long deadline = System.currentTimeMillis() + 10_000;
            while (models("Authorization", "Bearer " + GuardProfile.FILE_KEY).statusCode() != 200
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
        }
        assertEquals(401, models("Authorization", "Bearer sk-file-new").statusCode());
    }
}
