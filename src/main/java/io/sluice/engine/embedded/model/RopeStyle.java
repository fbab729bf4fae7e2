package io.sluice.engine.embedded.model;

/**
 * How rotary position embedding pairs the dimensions of a head (llama.cpp's rope types).
 */
public enum RopeStyle {
    /** Adjacent pairs (0,1), (2,3), …: llama, whose converter permutes the q/k weights to this order. */
    ADJACENT_PAIRS,
    /** Halves (i, i + n/2): the GPT-NeoX layout used by Qwen2 and Qwen3. */
    HALVES
}
