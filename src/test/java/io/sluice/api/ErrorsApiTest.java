package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.engine.spi.ChatMessage;
import io.sluice.testing.FakeCodec;
import io.sluice.testing.FakeEngineProfile;
import io.sluice.testing.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API-layer tests of every error answer against the fake engine: OpenAI's error shape, the status, the field named,
 * no internals leaked; and a failure after the stream started becoming one error frame.
 */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
class ErrorsApiTest extends ApiTestBase {

    private static JsonNode error(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode body = Http.json(response.body());
        JsonNode error = body.get("error");
        List<String> fields = new java.util.ArrayList<>();
        error.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("message", "type", "param", "code"), fields);
        assertEquals(1, body.size());
        return error;
    }

    @Test
    void malformedJsonIs400() {
        JsonNode error = error(Http.post(base, "/v1/chat/completions", "{\"model\":\"fake-model\",\"messages\":["), 400);
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.get("param").isNull());
        assertTrue(error.get("message").asText().startsWith("We could not parse the JSON body"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "\"temperature\":\"hot\"                          | temperature            | invalid_type",
            "\"temperature\":2.5                              | temperature            | invalid_value",
            "\"top_p\":0                                      | top_p                  | invalid_value",
            "\"n\":0                                          | n                      | invalid_value",
            "\"n\":1.5                                        | n                      | invalid_type",
            "\"max_tokens\":0                                 | max_tokens             | invalid_value",
            "\"max_completion_tokens\":\"many\"               | max_completion_tokens  | invalid_type",
            "\"stream\":\"yes\"                               | stream                 | invalid_type",
            "\"stop\":[1]                                     | stop[0]                | invalid_type",
            "\"stop\":\"\"                                    | stop                   | invalid_value",
            "\"logit_bias\":{\"x\":1}                         | logit_bias             | invalid_value",
            "\"logit_bias\":{\"5\":200}                       | logit_bias.5           | invalid_value",
            "\"logit_bias\":{\"99999\":1}                     | logit_bias             | invalid_value",
            "\"seed\":\"s\"                                   | seed                   | invalid_type",
            "\"stream_options\":{\"include_usage\":true}      | stream_options         | invalid_value",
            "\"logprobs\":true                                | logprobs               | unsupported_parameter",
            "\"model\":7                                      | model                  | invalid_type",
    })
    void eachBadFieldIsNamed(String field, String param, String code) {
        JsonNode error = error(Http.post(base, "/v1/chat/completions",
                "{\"model\":\"fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + field + "}"),
                400);
        assertEquals(param, error.get("param").asText());
        assertEquals(code, error.get("code").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"fake-model\"}                                                 | messages             | missing_required_parameter",
            "{\"messages\":{}}                                                          | messages             | invalid_type",
            "{\"messages\":[]}                                                          | messages             | invalid_value",
            "{\"messages\":[\"hi\"]}                                                    | messages[0]          | invalid_type",
            "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}                    | messages[0].role     | invalid_value",
            "{\"messages\":[{\"role\":\"user\"}]}                                       | messages[0].content  | missing_required_parameter",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]} | messages[0].content[0].type | unsupported_parameter",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}      | messages[0].content[0].text | missing_required_parameter",
    })
    void badMessagesAreNamedByPath(String body, String param, String code) {
        JsonNode error = error(Http.post(base, "/v1/chat/completions", body), 400);
        assertEquals(param, error.get("param").asText());
        assertEquals(code, error.get("code").asText());
    }

    @Test
    void anUnknownModelIs404ModelNotFound() {
        JsonNode error = error(Http.post(base, "/v1/chat/completions", """
                {"model":"gpt-9","messages":[{"role":"user","content":"hi"}],"stream":true}"""), 404);
        assertEquals("model_not_found", error.get("code").asText());
        assertEquals("model", error.get("param").asText());
        assertEquals("The model `gpt-9` does not exist.", error.get("message").asText());
    }

    @Test
    void promptPlusMaxTokensOverTheContextIs400WithTheCounts() {
        JsonNode error = error(Http.post(base, "/v1/chat/completions", """
                {"model":"fake-model","messages":[{"role":"user","content":"hi"}],"max_tokens":250,"stream":true}"""),
                400);
        assertEquals("context_length_exceeded", error.get("code").asText());
        assertEquals("messages", error.get("param").asText());
        int prompt = new FakeCodec().encodeChat(List.of(new ChatMessage("user", "hi")), true).length;
        assertEquals("This model's maximum context length is 256 tokens. However, you requested " + (prompt + 250)
                + " tokens (" + prompt + " in the messages, 250 in the completion). Please reduce the length of the"
                + " messages or completion.", error.get("message").asText());
    }

    @Test
    void aBodyOverTheLimitIs413InOpenAisShape() {
        String big = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(FakeEngineProfile.MAX_BODY)
                + "\"}]}";
        // with a Content-Length: refused before reading
        JsonNode declared = error(Http.post(base, "/v1/chat/completions", big), 413);
        assertEquals("request_too_large", declared.get("code").asText());
        // chunked, no length: refused by the body handler once the limit is crossed
        HttpResponse<String> chunked = Http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        assertEquals("request_too_large", error(chunked, 413).get("code").asText());
    }

    @Test
    void theWrongMethodIs405() {
        JsonNode error = error(Http.get(base, "/v1/chat/completions"), 405);
        assertEquals("method_not_allowed", error.get("code").asText());
    }

    @Test
    void anEngineFailureBeforeAnswerIsAGeneric500WithoutInternals() {
        engine.when("boom", Reply.text("never shown").failAfter(0));
        HttpResponse<String> response = Http.post(base, "/v1/chat/completions", """
                {"model":"fake-model","messages":[{"role":"user","content":"boom"}]}""");
        JsonNode error = error(response, 500);
        assertEquals("server_error", error.get("type").asText());
        assertEquals("The server had an error while processing your request.", error.get("message").asText());
        assertFalse(response.body().contains("Exception"));
        assertFalse(response.body().contains("fake engine"));
    }

    @Test
    void aFailureAfterTheStreamStartedIsOneErrorFrameAndNoDone() {
        engine.when("boom", Reply.text("partial answer").failAfter(4));
        HttpResponse<String> response = Http.post(base, "/v1/chat/completions", """
                {"model":"fake-model","messages":[{"role":"user","content":"boom"}],"stream":true}""");
        assertEquals(200, response.statusCode());
        List<String> frames = Http.frames(response.body());
        assertEquals(1 + 4 + 1, frames.size(), response.body()); // role, four characters, the error
        assertFalse(response.body().contains("[DONE]"));
        JsonNode error = Http.json(frames.getLast()).get("error");
        assertEquals("server_error", error.get("type").asText());
        assertEquals("The server had an error while processing your request.", error.get("message").asText());
    }

    @Test
    void anEngineAbortMidStreamIsAnErrorFrameSayingRetry() {
        engine.when("abort", Reply.text("partial answer").abortAfter(2));
        HttpResponse<String> response = Http.post(base, "/v1/chat/completions", """
                {"model":"fake-model","messages":[{"role":"user","content":"abort"}],"stream":true}""");
        JsonNode error = Http.json(Http.frames(response.body()).getLast()).get("error");
        assertEquals("service_unavailable", error.get("code").asText());
    }

    @Test
    void anEmptyBodyIs400() {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals("The request body is empty; expected a JSON object.",
                error(response, 400).get("message").asText());
    }
}
