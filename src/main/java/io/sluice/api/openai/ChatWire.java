package io.sluice.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

import java.util.List;
import java.util.Optional;

/**
 * Chat completion responses as OpenAI writes them, field for field and in its order. {@code token_ids} and
 * {@code prompt_token_ids} are vLLM's extras, present only when the client asked for them.
 */
public final class ChatWire {

    private ChatWire() {
    }

    /**
     * One {@code chat.completion.chunk}. {@code usage} is absent (null reference), {@code null} (empty) on every
     * chunk of a stream that asked for usage, or the totals on the last chunk.
     */
    public record Chunk(String id, String object, long created, String model, String systemFingerprint,
                        List<ChunkChoice> choices, Optional<UsageWire> usage, int[] promptTokenIds) {
    }

    public record ChunkChoice(int index, Delta delta, @JsonInclude(Include.ALWAYS) Object logprobs,
                              @JsonInclude(Include.ALWAYS) String finishReason, int[] tokenIds) {
    }

    /** {@code {"role":"assistant","content":""}} first, then {@code {"content":…}}, and {@code {}} to finish. */
    public record Delta(String role, String content) {
    }

    /** A whole {@code chat.completion}. */
    public record Completion(String id, String object, long created, String model, String systemFingerprint,
                             List<Choice> choices, UsageWire usage, int[] promptTokenIds) {
    }

    public record Choice(int index, Message message, @JsonInclude(Include.ALWAYS) Object logprobs,
                         String finishReason, int[] tokenIds) {
    }

    public record Message(String role, String content, @JsonInclude(Include.ALWAYS) String refusal) {
    }
}
