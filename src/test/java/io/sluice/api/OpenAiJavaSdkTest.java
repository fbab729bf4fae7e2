package io.sluice.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.FakeEngineProfile;
import io.sluice.testing.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real third-party client, the official OpenAI Java SDK, against the running server (fake engine): it streams,
 * validates every chunk against OpenAI's schema, and gets the same text without streaming.
 */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
class OpenAiJavaSdkTest extends ApiTestBase {

    private OpenAIClient client;

    @BeforeEach
    void connect() {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(base.resolve("/v1").toString())
                .apiKey("sk-test")
                .maxRetries(0)
                .build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder()
                .model("fake-model")
                .addSystemMessage("You are terse.")
                .addUserMessage("greet me")
                .seed(21)
                .temperature(0.7);
    }

    @Test
    void streamsAChatCompletionWithUsage() {
        engine.when("greet me", Reply.seeded("Grüß dich 👋 #").perEvent(2).cached(3));
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        ChatCompletionCreateParams request = params()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(request)) {
            stream.stream().forEach(chunk -> chunks.add(chunk.validate()));
        }
        StringBuilder text = new StringBuilder();
        List<String> finishes = new ArrayList<>();
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                choice.delta().content().ifPresent(text::append);
                choice.finishReason().ifPresent(reason -> finishes.add(reason.asString()));
            }
        }
        assertEquals("Grüß dich 👋 #21", text.toString());
        assertEquals(List.of("stop"), finishes);
        assertEquals(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT,
                chunks.getFirst().choices().getFirst().delta().role().orElseThrow());
        CompletionUsage usage = chunks.getLast().usage().orElseThrow();
        assertTrue(chunks.getLast().choices().isEmpty());
        assertEquals(engine.last().spec().promptTokens().length, usage.promptTokens());
        assertEquals("Grüß dich 👋 #21".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1,
                usage.completionTokens());
        assertEquals(3, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
    }

    @Test
    void theSameRequestWithoutStreamingGivesTheSameText() {
        engine.when("greet me", Reply.seeded("Grüß dich 👋 #").perEvent(2));
        ChatCompletion completion = client.chat().completions().create(params().n(2).build()).validate();
        assertEquals("Grüß dich 👋 #21", completion.choices().get(0).message().content().orElseThrow());
        assertEquals("Grüß dich 👋 #22", completion.choices().get(1).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertTrue(completion.id().startsWith("chatcmpl-"));
    }

    @Test
    void legacyCompletionsToo() {
        engine.when("Once", Reply.text(" upon a time"));
        Completion completion = client.completions().create(CompletionCreateParams.builder()
                .model("fake-model").prompt("Once").maxTokens(5).build()).validate();
        assertEquals(" upon", completion.choices().getFirst().text());
        assertEquals("length", completion.choices().getFirst().finishReason().asString());
    }

    @Test
    void errorsArriveAsTheSdksTypedExceptions() {
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> client.chat().completions().create(params().model("gpt-9").build()));
        assertEquals("model_not_found", missing.code().orElseThrow());
        BadRequestException bad = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(params().temperature(3.0).build()));
        assertEquals("temperature", bad.param().orElseThrow());
    }

    @Test
    void aFailureMidStreamRaisesInTheClient() {
        engine.when("greet me", Reply.text("partial").failAfter(3));
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                params().build())) {
            assertThrows(SseException.class, () -> stream.stream().forEach(ChatCompletionChunk::validate));
        }
    }
}
