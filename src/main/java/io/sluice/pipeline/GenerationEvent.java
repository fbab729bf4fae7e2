package io.sluice.pipeline;

import java.util.OptionalInt;

/**
 * What a request's stream carries, in order: for each choice any number of {@link Delta}s then one
 * {@link Finished} (choices interleave), then one {@link Completed}.
 */
public sealed interface GenerationEvent {

    /**
     * Text that is now safe to show for one choice: whole characters only, no part of a stop string. Empty when the
     * step's tokens are still held back (the text carries over to a later event), in which case {@code tokenIds} is
     * empty too: ids travel with the text they produced.
     */
    record Delta(int choice, String text, int[] tokenIds) implements GenerationEvent {
    }

    /**
     * A choice ended. {@code text} and {@code tokenIds} are what was still held back (often empty).
     *
     * @param completionTokens tokens this choice generated
     * @param cachedTokens     the engine's count of reused prompt tokens; absent when the choice was cut by a stop
     *                         string (the engine never reported it)
     */
    record Finished(int choice, String text, int[] tokenIds, FinishReason reason, int completionTokens,
                    OptionalInt cachedTokens) implements GenerationEvent {
    }

    /** Every choice has finished; the request's totals. */
    record Completed(Usage usage) implements GenerationEvent {
    }
}
