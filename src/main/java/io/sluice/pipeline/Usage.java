package io.sluice.pipeline;

/**
 * Token counts of a whole request. The prompt is counted once however many choices there are (as OpenAI bills it).
 *
 * @param promptTokens     prompt length
 * @param completionTokens tokens generated over all choices, stop tokens included
 * @param cachedTokens     prompt tokens whose KV cache was reused
 */
public record Usage(int promptTokens, int completionTokens, int cachedTokens) {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
