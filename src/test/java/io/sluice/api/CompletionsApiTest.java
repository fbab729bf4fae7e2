package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.FakeCodec;
import io.sluice.testing.FakeEngineProfile;
import io.sluice.testing.Reply;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API-layer tests of the legacy {@code /v1/completions} against the fake engine. */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
class CompletionsApiTest extends ApiTestBase {

    @Test
    void aStreamedTextCompletionHasTextChunksAFinishChunkUsageAndDone() {
        engine.when("Once", Reply.text("upon a time"));
        HttpResponse<String> response = Http.post(base, "/v1/completions", """
                {"model":"fake-model","prompt":"Once","stream":true,"stream_options":{"include_usage":true}}""");
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
        List<JsonNode> chunks = Http.chunks(response.body());
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 2)) {
            assertTrue(chunk.get("id").asText().startsWith("cmpl-"));
            assertEquals("text_completion", chunk.get("object").asText());
            assertTrue(chunk.get("usage").isNull());
            JsonNode choice = chunk.get("choices").get(0);
            assertTrue(choice.get("finish_reason").isNull());
            text.append(choice.get("text").asText());
        }
        assertEquals("upon a time", text.toString());
        JsonNode finish = chunks.get(chunks.size() - 2).get("choices").get(0);
        assertEquals("{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}", finish.toString());
        JsonNode usage = chunks.getLast().get("usage");
        assertEquals(0, chunks.getLast().get("choices").size());
        assertEquals(1 + "Once".length(), usage.get("prompt_tokens").asInt()); // BOS + bytes
        assertEquals(12, usage.get("completion_tokens").asInt());
    }

    @Test
    void aWholeTextCompletion() {
        JsonNode body = Http.json(Http.post(base, "/v1/completions", """
                {"model":"fake-model","prompt":["Say"],"max_tokens":5}""").body());
        assertEquals("text_completion", body.get("object").asText());
        JsonNode choice = body.get("choices").get(0);
        assertEquals("Hello", choice.get("text").asText());
        assertEquals("length", choice.get("finish_reason").asText());
        assertEquals(5, body.get("usage").get("completion_tokens").asInt());
    }

    @Test
    void tokenIdPromptsAreUsedAsGiven() {
        Http.post(base, "/v1/completions", """
                {"model":"fake-model","prompt":[256,72,105],"max_tokens":2}""");
        assertArrayEquals(new int[]{FakeCodec.BOS, 'H', 'i'}, engine.last().spec().promptTokens());
        Http.post(base, "/v1/completions", """
                {"model":"fake-model","prompt":[[256,72]],"max_tokens":2}""");
        assertArrayEquals(new int[]{FakeCodec.BOS, 'H'}, engine.last().spec().promptTokens());
    }

    @Test
    void batchedPromptsAreRefusedByName() {
        HttpResponse<String> response = Http.post(base, "/v1/completions", """
                {"model":"fake-model","prompt":["a","b"]}""");
        assertEquals(400, response.statusCode());
        assertEquals("prompt", Http.json(response.body()).get("error").get("param").asText());
    }
}
