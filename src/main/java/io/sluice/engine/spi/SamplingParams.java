package io.sluice.engine.spi;

import java.util.Map;

/**
 * How to pick the next token from the logits, already validated. The defaults ({@link #GREEDY}) disable every
 * transform. The order applied follows llama.cpp's sampler chain: logit bias, penalties, top-k, top-p, min-p,
 * temperature, then a seeded draw (or argmax when {@code temperature == 0}).
 *
 * @param temperature       0 means greedy; otherwise the logits are divided by it
 * @param topK              keep the k most likely tokens; 0 disables
 * @param topP              nucleus sampling threshold in (0, 1]; 1 disables
 * @param minP              drop tokens below {@code minP * p(max)}; 0 disables
 * @param presencePenalty   subtracted once from the logit of every token already generated (OpenAI semantics)
 * @param frequencyPenalty  subtracted per occurrence of a token already generated (OpenAI semantics)
 * @param repetitionPenalty divides positive and multiplies negative logits of every token seen in prompt or output
 *                          (CTRL / vLLM semantics); 1 disables
 * @param logitBias         token id to additive bias; -100 effectively bans a token
 * @param seed              seed of this sequence's random draws
 * @param ignoreEos         mask every end-of-generation token (llama.cpp's meaning), so generation runs to the limit
 */
public record SamplingParams(
        float temperature,
        int topK,
        float topP,
        float minP,
        float presencePenalty,
        float frequencyPenalty,
        float repetitionPenalty,
        Map<Integer, Float> logitBias,
        long seed,
        boolean ignoreEos) {

    public static final SamplingParams GREEDY = new SamplingParams(0f, 0, 1f, 0f, 0f, 0f, 1f, Map.of(), 0L, false);

    public SamplingParams {
        logitBias = Map.copyOf(logitBias);
    }

    public boolean greedy() {
        return temperature == 0f;
    }

    public SamplingParams withSeed(long newSeed) {
        return new SamplingParams(temperature, topK, topP, minP, presencePenalty, frequencyPenalty,
                repetitionPenalty, logitBias, newSeed, ignoreEos);
    }

    public SamplingParams withIgnoreEos(boolean value) {
        return new SamplingParams(temperature, topK, topP, minP, presencePenalty, frequencyPenalty,
                repetitionPenalty, logitBias, seed, value);
    }
}
