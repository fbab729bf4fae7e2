package io.sluice.api.openai;

import io.sluice.pipeline.FinishReason;

/** One finished choice of a non-streaming answer: all its text and ids, as the stream would have shown them. */
public record ChoiceResult(int index, String text, int[] tokenIds, FinishReason reason) {
}
