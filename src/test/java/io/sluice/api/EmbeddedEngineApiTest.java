package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.engine.embedded.EmbeddedEngine;
import io.sluice.engine.embedded.EmbeddedModelRegistry;
import io.sluice.testing.TinyModelProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end over real HTTP with the real embedded engine on a tiny generated model (random weights, so the text is
 * noise; the tests check the wire contract, the engine's tokens and its lifecycle, not the words).
 */
@QuarkusTest
@TestProfile(TinyModelProfile.class)
class EmbeddedEngineApiTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    EmbeddedModelRegistry registry;

    private EmbeddedEngine engine() {
        return registry.engine().orElseThrow();
    }

    @Test
    void streamsTheOpenAiChunkSequence() throws Exception {
        HttpResponse<String> response = Http.post(base, "/v1/chat/completions", """
                {"model":"tiny-chat","stream":true,"stream_options":{"include_usage":true},"max_tokens":12,
                 "temperature":0.8,"seed":3,"messages":[{"role":"user","content":"Hello there"}]}""");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow()
                .split(";")[0]);
        List<String> frames = Http.frames(response.body());
        assertEquals("[DONE]", frames.getLast());
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream().map(Http::json).toList();

        JsonNode first = chunks.getFirst();
        assertEquals("assistant", first.at("/choices/0/delta/role").asText());
        assertEquals("", first.at("/choices/0/delta/content").asText());
        String id = first.get("id").asText();
        assertTrue(id.startsWith("chatcmpl-"), id);
        for (JsonNode chunk : chunks) {
            assertEquals(id, chunk.get("id").asText());
            assertEquals(first.get("created"), chunk.get("created"));
            assertEquals("tiny-chat", chunk.get("model").asText());
            assertTrue(chunk.has("usage"), "every chunk carries usage when include_usage is set");
        }
        JsonNode usageChunk = chunks.getLast();
        assertEquals(0, usageChunk.get("choices").size());
        JsonNode finish = chunks.get(chunks.size() - 2);
        String reason = finish.at("/choices/0/finish_reason").asText();
        assertTrue(reason.equals("stop") || reason.equals("length"), reason);
        assertTrue(finish.at("/choices/0/delta").isEmpty(), "the finish chunk has an empty delta");

        JsonNode usage = usageChunk.get("usage");
        int completion = usage.get("completion_tokens").asInt();
        assertTrue(completion >= 1 && completion <= 12, usage.toString());
        assertEquals(usage.get("prompt_tokens").asInt() + completion, usage.get("total_tokens").asInt());
        if (reason.equals("length")) {
            assertEquals(12, completion);
        }
    }

    @Test
    void nonStreamingTextEqualsTheConcatenatedStreamForTheSameSeed() {
        String request = """
                {"model":"tiny-chat","stream":%s,"max_tokens":24,"temperature":0.9,"top_p":0.95,"seed":77,
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Tell me a story"}]}""";
        HttpResponse<String> stream = Http.post(base, "/v1/chat/completions", request.formatted("true"));
        StringBuilder streamed = new StringBuilder();
        List<String> frames = Http.frames(stream.body());
        for (String frame : frames.subList(0, frames.size() - 1)) {
            JsonNode delta = Http.json(frame).at("/choices/0/delta/content");
            if (!delta.isMissingNode()) {
                streamed.append(delta.asText());
            }
        }
        HttpResponse<String> unary = Http.post(base, "/v1/chat/completions", request.formatted("false"));
        assertEquals(200, unary.statusCode(), unary.body());
        JsonNode body = Http.json(unary.body());
        assertEquals("chat.completion", body.get("object").asText());
        assertEquals(streamed.toString(), body.at("/choices/0/message/content").asText());
        assertFalse(streamed.isEmpty() && body.at("/usage/completion_tokens").asInt() > 1
                && streamed.toString().isBlank(), "text arrived");
    }

    @Test
    void legacyCompletionsRunOnTheEngine() {
        HttpResponse<String> response = Http.post(base, "/v1/completions", """
                {"model":"tiny-chat","prompt":"Once upon a time","max_tokens":5,"ignore_eos":true,
                 "return_token_ids":true}""");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = Http.json(response.body());
        assertEquals("length", body.at("/choices/0/finish_reason").asText());
        assertEquals(5, body.at("/choices/0/token_ids").size());
        assertEquals(5, body.at("/usage/completion_tokens").asInt());
        assertTrue(body.get("prompt_token_ids").size() > 1);
    }

    @Test
    void aClientThatDisconnectsStopsItsSequence() throws Exception {
        String body = """
                {"model":"tiny-chat","stream":true,"max_tokens":400,"ignore_eos":true,
                 "messages":[{"role":"user","content":"Go on forever"}]}""";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (seen.toString().split("data: ", -1).length - 1 < 4) {
                int n = in.read(buffer);
                assertTrue(n > 0, "stream ended early: " + seen);
                seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertEquals(1, engine().runningSequences() + engine().waitingSequences(),
                    "the sequence is running while the client reads");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (engine().runningSequences() + engine().waitingSequences() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, engine().runningSequences() + engine().waitingSequences(),
                "the engine dropped the sequence after the disconnect");
    }
}
