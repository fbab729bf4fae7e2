package io.sluice.api.openai;

import io.sluice.pipeline.Usage;

/**
 * Token usage: OpenAI's fields in OpenAI's order, then DeepSeek's cache split so DeepSeek clients read their own
 * names. Hit plus miss is always the prompt.
 */
public record UsageWire(int promptTokens, int completionTokens, int totalTokens,
                        PromptTokensDetails promptTokensDetails, int promptCacheHitTokens,
                        int promptCacheMissTokens) {

    public record PromptTokensDetails(int cachedTokens) {
    }

    public static UsageWire of(Usage usage) {
        return new UsageWire(usage.promptTokens(), usage.completionTokens(), usage.totalTokens(),
                new PromptTokensDetails(usage.cachedTokens()), usage.cachedTokens(),
                usage.promptTokens() - usage.cachedTokens());
    }
}
