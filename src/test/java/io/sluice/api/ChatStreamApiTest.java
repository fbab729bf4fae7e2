package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.FakeCodec;
import io.sluice.testing.FakeEngineProfile;
import io.sluice.testing.Reply;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API-layer tests of streamed chat completions over real HTTP, against the fake engine: exact bytes, headers, chunk
 * order, usage, n choices, stop strings, token ids. (End-to-end tests with the real engine live elsewhere.)
 */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
class ChatStreamApiTest extends ApiTestBase {

    private HttpResponse<String> chat(String extra) {
        return Http.post(base, "/v1/chat/completions", """
                {"model":"fake-model","messages":[{"role":"user","content":"hi"}],"stream":true%s}"""
                .formatted(extra));
    }

    @Test
    void theStreamIsExactlyTheBytesOpenAiSends() {
        HttpResponse<String> response = chat("");
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("cache-control").orElseThrow());
        assertEquals("no", response.headers().firstValue("x-accel-buffering").orElseThrow());
        assertTrue(response.headers().firstValue("content-encoding").isEmpty());
        assertTrue(response.headers().firstValue("content-length").isEmpty());

        JsonNode first = Http.json(Http.frames(response.body()).getFirst());
        String id = first.get("id").asText();
        assertTrue(id.startsWith("chatcmpl-"), id);
        String head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + first.get("created").asLong() + ",\"model\":\"fake-model\",\"system_fingerprint\":\""
                + first.get("system_fingerprint").asText() + "\",\"choices\":[";
        StringBuilder expected = new StringBuilder();
        expected.append("data: ").append(head).append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},")
                .append("\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        // one chunk per byte token, except that a multi-byte character comes whole with its last byte
        for (String piece : List.of("H", "e", "l", "l", "o", ",", " ", "w", "ö", "r", "l", "d", "!", " ", "😀", " ",
                "D", "o", "n", "e", ".")) {
            expected.append("data: ").append(head).append("{\"index\":0,\"delta\":{\"content\":")
                    .append(Http.quote(piece)).append("},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        }
        expected.append("data: ").append(head)
                .append("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
        expected.append("data: [DONE]\n\n");
        assertEquals(expected.toString(), response.body());
    }

    @Test
    void withIncludeUsageEveryChunkSaysUsageNullAndAUsageChunkComesLast() {
        engine.when("hi", Reply.text("Hi there").cached(5));
        String body = chat(",\"stream_options\":{\"include_usage\":true}").body();
        List<JsonNode> chunks = Http.chunks(body);
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(chunk.has("usage") && chunk.get("usage").isNull(), chunk.toString());
            assertEquals(1, chunk.get("choices").size());
        }
        JsonNode last = chunks.getLast();
        assertEquals(0, last.get("choices").size());
        int prompt = engine.last().spec().promptTokens().length;
        String usage = "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":9,\"total_tokens\":" + (prompt + 9)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":5},\"prompt_cache_hit_tokens\":5,"
                + "\"prompt_cache_miss_tokens\":" + (prompt - 5) + "}";
        assertTrue(body.endsWith(",\"choices\":[],\"usage\":" + usage + "}\n\ndata: [DONE]\n\n"), body);
        assertEquals("stop", chunks.get(chunks.size() - 2).get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void everyChunkRepeatsTheSameIdCreatedAndModel() {
        List<JsonNode> chunks = Http.chunks(chat("").body());
        for (JsonNode chunk : chunks) {
            assertEquals(chunks.getFirst().get("id"), chunk.get("id"));
            assertEquals(chunks.getFirst().get("created"), chunk.get("created"));
            assertEquals("fake-model", chunk.get("model").asText());
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertFalse(chunk.has("usage"));
        }
    }

    @Test
    void nChoicesAreToldApartByIndexAndEachHasOneRoleChunkAndOneFinishChunk() {
        engine.when("hi", Reply.seeded("choice with seed "));
        List<JsonNode> chunks = Http.chunks(chat(",\"n\":3,\"seed\":40").body());
        for (int index = 0; index < 3; index++) {
            int i = index;
            List<JsonNode> mine = chunks.stream()
                    .map(c -> c.get("choices").get(0))
                    .filter(c -> c.get("index").asInt() == i)
                    .toList();
            assertEquals("assistant", mine.getFirst().get("delta").get("role").asText());
            assertEquals(1, mine.stream().filter(c -> !c.get("finish_reason").isNull()).count());
            assertEquals("stop", mine.getLast().get("finish_reason").asText());
            StringBuilder text = new StringBuilder();
            mine.forEach(c -> text.append(c.get("delta").path("content").asText("")));
            assertEquals("choice with seed " + (40 + i), text.toString());
        }
    }

    @Test
    void aStopStringSpanningTokensIsNeverShownAndAbortsTheSequence() {
        engine.when("hi", Reply.text("Answer: 42\n\nUser: and more").perEvent(2));
        List<JsonNode> chunks = Http.chunks(chat(",\"stop\":[\"\\n\\nUser:\",\"never\"]").body());
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks) {
            String content = chunk.get("choices").get(0).get("delta").path("content").asText("");
            assertFalse(content.contains("\n"), "no part of the stop string may be sent: " + content);
            text.append(content);
        }
        assertEquals("Answer: 42", text.toString());
        assertEquals("stop", chunks.getLast().get("choices").get(0).get("finish_reason").asText());
        assertTrue(engine.last().cancelled());
    }

    @Test
    void theTokenLimitFinishesWithLengthAndMaxCompletionTokensWins() {
        List<JsonNode> chunks = Http.chunks(chat(",\"max_tokens\":100,\"max_completion_tokens\":5").body());
        assertEquals(5, engine.last().spec().maxNewTokens());
        assertEquals("length", chunks.getLast().get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void returnTokenIdsShowsThePromptOnceAndEachIdNextToItsText() {
        engine.when("hi", Reply.text("aé"));
        List<JsonNode> chunks = Http.chunks(chat(",\"return_token_ids\":true").body());
        int[] prompt = ids(chunks.getFirst().get("prompt_token_ids"));
        assertArrayEquals(engine.last().spec().promptTokens(), prompt);
        assertTrue(chunks.stream().skip(1).noneMatch(c -> c.has("prompt_token_ids")));
        List<Integer> completion = new ArrayList<>();
        for (JsonNode chunk : chunks.subList(1, chunks.size())) {
            JsonNode choice = chunk.get("choices").get(0);
            Arrays.stream(ids(choice.get("token_ids"))).forEach(completion::add);
        }
        assertEquals(Arrays.stream(FakeCodec.bytes("aé")).boxed().toList(), completion);
        JsonNode accent = chunks.get(2).get("choices").get(0);
        assertEquals("é", accent.get("delta").get("content").asText());
        assertEquals(2, accent.get("token_ids").size());
    }

    @Test
    void contentPartsAndEveryRoleAreAccepted() {
        HttpResponse<String> response = Http.post(base, "/v1/chat/completions", """
                {"model":"fake-model","stream":true,"messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"developer","content":[{"type":"text","text":"rule one"},{"type":"text","text":"rule two"}]},
                  {"role":"user","content":"hi","name":"ignored"},
                  {"role":"assistant","content":null},
                  {"role":"user","content":"again"}],
                 "some_future_field":{"x":1},"user":"u-1","temperature":0.5,"top_p":0.9,"top_k":40,"min_p":0.05,
                 "presence_penalty":0.1,"frequency_penalty":0.2,"repetition_penalty":1.1,"logit_bias":{"65":-100},
                 "ignore_eos":false,"seed":3}""");
        assertEquals(200, response.statusCode(), response.body());
        String prompt = engine.codec().text(engine.last().spec().promptTokens());
        assertTrue(prompt.contains("<|im_start|>developer\nrule one\nrule two<|im_end|>"), prompt);
        var sampling = engine.last().spec().sampling();
        assertEquals(0.5f, sampling.temperature());
        assertEquals(40, sampling.topK());
        assertEquals(-100f, sampling.logitBias().get(65));
        assertEquals(3L, sampling.seed());
    }

    @Test
    void ignoreEosReachesTheEngine() {
        List<JsonNode> chunks = Http.chunks(chat(",\"ignore_eos\":true,\"max_tokens\":30").body());
        assertTrue(engine.last().spec().sampling().ignoreEos());
        assertEquals("length", chunks.getLast().get("choices").get(0).get("finish_reason").asText());
    }

    private static int[] ids(JsonNode array) {
        return IntStream.range(0, array.size()).map(i -> array.get(i).asInt()).toArray();
    }
}
