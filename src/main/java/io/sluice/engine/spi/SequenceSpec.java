package io.sluice.engine.spi;

import java.util.Set;

/**
 * One sequence for the engine to generate: token ids in, token ids out.
 *
 * @param promptTokens  the prompt, already tokenized (never empty)
 * @param maxNewTokens  the most tokens to generate; the engine finishes with {@link EngineFinish#LENGTH} there
 * @param sampling      how to choose each token
 * @param stopTokenIds  extra token ids that end the sequence (besides the model's end-of-generation tokens)
 * @param priority      lower runs first (vLLM's meaning); 0 by default
 */
public record SequenceSpec(int[] promptTokens, int maxNewTokens, SamplingParams sampling, Set<Integer> stopTokenIds,
                           int priority) {

    public SequenceSpec {
        if (promptTokens.length == 0) {
            throw new IllegalArgumentException("promptTokens must not be empty");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + maxNewTokens);
        }
        promptTokens = promptTokens.clone();
        stopTokenIds = Set.copyOf(stopTokenIds);
    }

    public SequenceSpec(int[] promptTokens, int maxNewTokens, SamplingParams sampling) {
        this(promptTokens, maxNewTokens, sampling, Set.of(), 0);
    }
}
