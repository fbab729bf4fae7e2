package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.FakeEngineProfile;
import io.sluice.testing.Reply;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API-layer tests of non-streamed chat completions against the fake engine: shape, and equality with the stream. */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
class NonStreamingApiTest extends ApiTestBase {

    private static final String REQUEST = """
            {"model":"fake-model","messages":[{"role":"user","content":"tell me"}],"seed":11,"temperature":0.8,
             "n":2,"stop":"</end>"%s}""";

    @Test
    void aChatCompletionHasOpenAisShape() {
        HttpResponse<String> response = Http.post(base, "/v1/chat/completions", REQUEST.formatted(""));
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode body = Http.json(response.body());
        assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("chat.completion", body.get("object").asText());
        assertEquals("fake-model", body.get("model").asText());
        assertTrue(body.get("system_fingerprint").asText().startsWith("fp_"));
        JsonNode choice = body.get("choices").get(0);
        assertEquals(0, choice.get("index").asInt());
        assertEquals("{\"role\":\"assistant\",\"content\":\"Hello, wörld! 😀 Done.\",\"refusal\":null}",
                choice.get("message").toString());
        assertTrue(choice.has("logprobs") && choice.get("logprobs").isNull());
        assertEquals("stop", choice.get("finish_reason").asText());
        assertEquals(1, body.get("choices").get(1).get("index").asInt());
        JsonNode usage = body.get("usage");
        assertEquals(2 * 26, usage.get("completion_tokens").asInt()); // 25 bytes + EOS, per choice
        assertEquals(usage.get("prompt_tokens").asInt() + 52, usage.get("total_tokens").asInt());
        assertEquals(0, usage.get("prompt_tokens_details").get("cached_tokens").asInt());
    }

    @Test
    void theTextEqualsTheConcatenatedStreamForTheSameSeed() {
        engine.when("tell me", Reply.seeded("naïve café ☕ seed ").perEvent(3));
        JsonNode whole = Http.json(Http.post(base, "/v1/chat/completions", REQUEST.formatted("")).body());
        var chunks = Http.chunks(Http.post(base, "/v1/chat/completions", REQUEST.formatted(",\"stream\":true"))
                .body());
        for (int i = 0; i < 2; i++) {
            StringBuilder streamed = new StringBuilder();
            String finish = null;
            for (JsonNode chunk : chunks) {
                JsonNode choice = chunk.get("choices").get(0);
                if (choice.get("index").asInt() == i) {
                    streamed.append(choice.get("delta").path("content").asText(""));
                    if (!choice.get("finish_reason").isNull()) {
                        finish = choice.get("finish_reason").asText();
                    }
                }
            }
            JsonNode choice = whole.get("choices").get(i);
            assertEquals("naïve café ☕ seed " + (11 + i), choice.get("message").get("content").asText());
            assertEquals(choice.get("message").get("content").asText(), streamed.toString());
            assertEquals(choice.get("finish_reason").asText(), finish);
        }
    }

    @Test
    void returnTokenIdsAddsPromptAndCompletionIds() {
        engine.when("tell me", Reply.text("ok"));
        JsonNode body = Http.json(Http.post(base, "/v1/chat/completions",
                REQUEST.formatted(",\"return_token_ids\":true")).body());
        assertEquals(engine.last().spec().promptTokens().length, body.get("prompt_token_ids").size());
        assertEquals("[111,107]", body.get("choices").get(0).get("token_ids").toString());
    }
}
