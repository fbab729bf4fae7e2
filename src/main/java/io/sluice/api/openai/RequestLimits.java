package io.sluice.api.openai;

/**
 * Bounds the parsers enforce beyond types.
 *
 * @param maxChoices    the largest {@code n}
 * @param maxStops      the most stop strings
 * @param maxStopLength the longest stop string, in chars (each costs hold-back work per token)
 */
public record RequestLimits(int maxChoices, int maxStops, int maxStopLength) {

    public static final int DEFAULT_MAX_STOPS = 16;
    public static final int DEFAULT_MAX_STOP_LENGTH = 256;
}
