package io.sluice.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

import java.util.List;
import java.util.Optional;

/** Legacy {@code text_completion} responses; a stream's chunks and the whole answer share the shape. */
public final class TextWire {

    private TextWire() {
    }

    /** {@code usage}: absent, {@code null} on stream chunks that asked for usage, or the totals. */
    public record Completion(String id, String object, long created, String model, String systemFingerprint,
                             List<Choice> choices, Optional<UsageWire> usage, int[] promptTokenIds) {
    }

    public record Choice(String text, int index, @JsonInclude(Include.ALWAYS) Object logprobs,
                         @JsonInclude(Include.ALWAYS) String finishReason, int[] tokenIds) {
    }
}
