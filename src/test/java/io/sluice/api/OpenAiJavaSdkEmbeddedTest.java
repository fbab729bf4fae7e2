package io.sluice.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.DefaultModelProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI Java SDK streaming from the running server with the real embedded engine serving the bundled
 * demo model: every chunk passes the SDK's schema validation, the reply is words, and the non-streaming reply for
 * the same seed has the same text.
 */
@QuarkusTest
@TestProfile(DefaultModelProfile.class)
class OpenAiJavaSdkEmbeddedTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void streamsFromTheEmbeddedEngine() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base.resolve("/v1").toString())
                .apiKey("sk-unused").maxRetries(0).build();
        try {
            ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                    .model("sluice-demo")
                    .addUserMessage("Tell me a story about a fox.")
                    .maxCompletionTokens(48)
                    .temperature(0.7)
                    .seed(5);
            List<ChatCompletionChunk> chunks = new ArrayList<>();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                stream.stream().forEach(chunk -> chunks.add(chunk.validate()));
            }
            StringBuilder text = new StringBuilder();
            int finishes = 0;
            for (ChatCompletionChunk chunk : chunks) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(text::append);
                    finishes += choice.finishReason().isPresent() ? 1 : 0;
                }
            }
            assertEquals(1, finishes);
            long completion = chunks.getLast().usage().orElseThrow().completionTokens();
            assertTrue(completion >= 1 && completion <= 48, "completion tokens " + completion);
            assertTrue(text.toString().matches("(?s).*\\p{L}{3,}.*"), "a reply in words: " + text);

            // The builder now carries stream_options, which OpenAI (and Sluice) refuse without streaming.
            ChatCompletion unary = client.chat().completions().create(params.build().toBuilder()
                    .streamOptions(java.util.Optional.empty()).build()).validate();
            assertEquals(text.toString(), unary.choices().getFirst().message().content().orElse(""));
        } finally {
            client.close();
        }
    }
}
