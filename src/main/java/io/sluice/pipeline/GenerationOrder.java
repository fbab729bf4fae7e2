package io.sluice.pipeline;

import io.sluice.engine.spi.SamplingParams;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A request as the edge parsed it: every field has the right type and is in range, but nothing here depends on a
 * model yet. {@link GenerationService#prepare} turns it into a {@link GenerationRequest}.
 *
 * @param model        the model id the client sent; absent means the default (first) model
 * @param prompt       what to continue
 * @param maxTokens    the most tokens to generate per choice; absent means the rest of the context
 * @param n            how many choices (1 or more); choice {@code i} samples with seed {@code sampling.seed() + i}
 * @param sampling     sampling parameters, always with a seed (drawn at random when the client gave none)
 * @param stop         stop strings, none empty
 * @param stopTokenIds extra token ids that end a sequence
 * @param maxTokensParam the field {@code maxTokens} came from ({@code max_tokens} or {@code max_completion_tokens}),
 *                       named when it is out of range
 */
public record GenerationOrder(Optional<String> model, Prompt prompt, OptionalInt maxTokens, int n,
                              SamplingParams sampling, List<String> stop, Set<Integer> stopTokenIds,
                              String maxTokensParam) {

    public GenerationOrder(Optional<String> model, Prompt prompt, OptionalInt maxTokens, int n,
                           SamplingParams sampling, List<String> stop, Set<Integer> stopTokenIds) {
        this(model, prompt, maxTokens, n, sampling, stop, stopTokenIds, "max_tokens");
    }

    public GenerationOrder {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        stop = List.copyOf(stop);
        stopTokenIds = Set.copyOf(stopTokenIds);
    }
}
