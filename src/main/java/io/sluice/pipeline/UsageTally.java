package io.sluice.pipeline;

import java.util.OptionalInt;

/**
 * Adds up one request's finished choices. The prompt counts once. Choices may report different cached counts (a
 * later sequence can reuse the first one's prefix); the smallest is reported, because that much of the prompt was
 * reused whichever sequence computed it. Called from the merged stream, whose signals are serialized.
 */
final class UsageTally {

    private final int promptTokens;
    private int completionTokens;
    private int cachedTokens = Integer.MAX_VALUE;

    UsageTally(int promptTokens) {
        this.promptTokens = promptTokens;
    }

    void record(GenerationEvent event) {
        if (event instanceof GenerationEvent.Finished finished) {
            completionTokens += finished.completionTokens();
            OptionalInt cached = finished.cachedTokens();
            if (cached.isPresent()) {
                cachedTokens = Math.min(cachedTokens, cached.getAsInt());
            }
        }
    }

    GenerationEvent.Completed completed() {
        int cached = cachedTokens == Integer.MAX_VALUE ? 0 : Math.min(cachedTokens, promptTokens);
        return new GenerationEvent.Completed(new Usage(promptTokens, completionTokens, cached));
    }
}
