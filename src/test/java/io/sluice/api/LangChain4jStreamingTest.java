package io.sluice.api;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.TinyModelProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LangChain4j's OpenAI client (its own SSE reader over the JDK's HTTP client) streaming from the running server with
 * the real embedded engine (tiny generated model): the partial responses add up to the final one, the stream
 * completes rather than errs, and the non-streaming reply for the same seed has the same text.
 */
@QuarkusTest
@TestProfile(TinyModelProfile.class)
class LangChain4jStreamingTest {

    private static final int MAX_TOKENS = 16;
    private static final double TEMPERATURE = 1.0;
    /**
     * Left alone, the tiny model's random weights favour a new line so much that every reply is sixteen of them; a
     * frequency penalty makes it say a mix of words, new lines and byte tokens that are not whole UTF-8 (shown as
     * U+FFFD), so the comparisons below have something to compare.
     */
    private static final double FREQUENCY_PENALTY = 2.0;
    private static final int SEED = 42;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI base;

    private final List<ChatMessage> messages = List.of(
            SystemMessage.from("You are terse."),
            UserMessage.from("Tell me about the fox"));

    @Test
    void partialResponsesAddUpToTheFinalOneAndMatchTheNonStreamingReply() throws Exception {
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder()
                .baseUrl(base.resolve("/v1").toString())
                .apiKey("sk-unused")
                .modelName(TinyModelProfile.MODEL)
                .maxCompletionTokens(MAX_TOKENS)
                .temperature(TEMPERATURE)
                .frequencyPenalty(FREQUENCY_PENALTY)
                .seed(SEED)
                .timeout(TIMEOUT)
                .build();

        List<String> partials = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> completed = new CompletableFuture<>();
        streaming.chat(messages, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                completed.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                completed.completeExceptionally(error);
            }
        });
        ChatResponse response;
        try {
            response = completed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the stream ended in an error, not a complete response", e.getCause());
        }

        String text = response.aiMessage().text();
        assertNotNull(text);
        assertFalse(text.isBlank(), "more than new lines: " + partials);
        assertFalse(partials.isEmpty(), "the reply came in partial responses");
        assertEquals(text, String.join("", partials), "the partial responses add up to the final text");
        assertEquals(TinyModelProfile.MODEL, response.modelName());
        assertTrue(response.id() != null && response.id().startsWith("chatcmpl-"), response.id());
        assertTrue(Set.of(FinishReason.STOP, FinishReason.LENGTH).contains(response.finishReason()),
                String.valueOf(response.finishReason()));
        assertNotNull(response.tokenUsage(), "usage from the stream's last chunk");
        int completion = response.tokenUsage().outputTokenCount();
        assertTrue(completion >= 1 && completion <= MAX_TOKENS, "completion tokens " + completion);

        OpenAiChatModel unary = OpenAiChatModel.builder()
                .baseUrl(base.resolve("/v1").toString())
                .apiKey("sk-unused")
                .modelName(TinyModelProfile.MODEL)
                .maxCompletionTokens(MAX_TOKENS)
                .temperature(TEMPERATURE)
                .frequencyPenalty(FREQUENCY_PENALTY)
                .seed(SEED)
                .timeout(TIMEOUT)
                .maxRetries(0)
                .build();
        ChatResponse whole = unary.chat(messages);
        assertEquals(text, whole.aiMessage().text(), "the same seed gives the same text, streamed or not");
        assertEquals(response.finishReason(), whole.finishReason());
        assertEquals(completion, whole.tokenUsage().outputTokenCount());
    }
}
