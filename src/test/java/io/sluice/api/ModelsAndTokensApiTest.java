package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.FakeCodec;
import io.sluice.testing.FakeEngineProfile;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** API-layer tests of {@code /v1/models}, {@code /tokenize} and {@code /detokenize} against the fake engine. */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
class ModelsAndTokensApiTest extends ApiTestBase {

    @Test
    void theModelListIsOpenAisWithTheContextLength() {
        HttpResponse<String> response = Http.get(base, "/v1/models");
        assertEquals(200, response.statusCode());
        assertEquals("{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\",\"created\":1700000000,"
                + "\"owned_by\":\"sluice-test\",\"max_model_len\":256}]}", response.body());
        assertEquals("{\"id\":\"fake-model\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"sluice-test\","
                + "\"max_model_len\":256}", Http.get(base, "/v1/models/fake-model").body());
        assertEquals(404, Http.get(base, "/v1/models/other").statusCode());
    }

    @Test
    void aServerWithNoModelListsNoneAndAnswersModelNotFound() {
        registry.serving(false);
        assertEquals("{\"object\":\"list\",\"data\":[]}", Http.get(base, "/v1/models").body());
        HttpResponse<String> response = Http.post(base, "/v1/chat/completions", """
                {"messages":[{"role":"user","content":"hi"}],"stream":true}""");
        assertEquals(404, response.statusCode());
        assertEquals("model_not_found", Http.json(response.body()).get("error").get("code").asText());
    }

    @Test
    void tokenizeATextPrompt() {
        JsonNode body = Http.json(Http.post(base, "/tokenize", "{\"model\":\"fake-model\",\"prompt\":\"Hé\"}").body());
        assertEquals("[256,72,195,169]", body.get("tokens").toString());
        assertEquals(4, body.get("count").asInt());
        assertEquals(256, body.get("max_model_len").asInt());
    }

    @Test
    void tokenizeMessagesThroughTheChatTemplate() {
        JsonNode body = Http.json(Http.post(base, "/tokenize",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        int[] expected = new FakeCodec().encodeChat(
                java.util.List.of(new io.sluice.engine.spi.ChatMessage("user", "hi")), true);
        assertEquals(Arrays.toString(expected).replace(" ", ""), body.get("tokens").toString());
        assertEquals(expected.length, body.get("count").asInt());
    }

    @Test
    void detokenizeIncludesControlTokensAndJoinsSplitCharacters() {
        HttpResponse<String> response = Http.post(base, "/detokenize",
                "{\"model\":\"fake-model\",\"tokens\":[256,72,195,169,260]}");
        assertEquals("{\"prompt\":\"<s>HéHello\"}", response.body());
    }

    @Test
    void tokenEndpointErrorsNameTheField() {
        HttpResponse<String> outside = Http.post(base, "/detokenize", "{\"tokens\":[1,100000]}");
        assertEquals(400, outside.statusCode());
        assertEquals("tokens[1]", Http.json(outside.body()).get("error").get("param").asText());
        HttpResponse<String> neither = Http.post(base, "/tokenize", "{\"model\":\"fake-model\"}");
        assertEquals("prompt", Http.json(neither.body()).get("error").get("param").asText());
        assertEquals(404, Http.post(base, "/tokenize", "{\"model\":\"x\",\"prompt\":\"a\"}").statusCode());
    }
}
