package io.sluice.pipeline;

import io.sluice.engine.spi.GenerationEngine;
import io.sluice.engine.spi.ModelCard;
import io.sluice.engine.spi.SamplingParams;
import io.sluice.engine.spi.SequenceSpec;

import java.util.List;
import java.util.Set;

/**
 * A request that is routed, tokenized and fits the model's context: nothing downstream checks it again. Built only
 * by {@link GenerationService#prepare}; the compact constructor refuses anything that would break that promise, so an
 * instance is valid by construction.
 *
 * @param engine       the engine serving {@code model}
 * @param model        the model's card (its id is echoed in responses)
 * @param promptTokens the tokenized prompt, never empty
 * @param maxNewTokens tokens to generate at most per choice; {@code promptTokens.length + maxNewTokens} fits the
 *                     context
 * @param n            number of choices
 * @param sampling     sampling of choice 0; choice {@code i} uses seed {@code sampling.seed() + i}
 * @param stop         stop strings, none empty
 * @param stopTokenIds extra token ids that end a sequence, all in the vocabulary
 */
public record GenerationRequest(GenerationEngine engine, ModelCard model, int[] promptTokens, int maxNewTokens, int n,
                                SamplingParams sampling, List<String> stop, Set<Integer> stopTokenIds) {

    public GenerationRequest {
        if (promptTokens.length == 0 || maxNewTokens < 1 || n < 1
                || (long) promptTokens.length + maxNewTokens > model.contextLength()) {
            throw new IllegalArgumentException("not a valid generation request: prompt " + promptTokens.length
                    + ", max new " + maxNewTokens + ", n " + n + ", context " + model.contextLength());
        }
        promptTokens = promptTokens.clone();
        stop = List.copyOf(stop);
        stopTokenIds = Set.copyOf(stopTokenIds);
    }

    /** The engine's view of choice {@code choice}. */
    public SequenceSpec spec(int choice) {
        return new SequenceSpec(promptTokens, maxNewTokens, sampling.withSeed(sampling.seed() + choice),
                stopTokenIds, 0);
    }
}
