package io.sluice.pipeline;

/** Why a choice ended, as clients see it. The API maps each constant to its wire string in one place. */
public enum FinishReason {
    /** An end-of-generation token, a stop token id or a stop string. */
    STOP,
    /** The token limit ({@code max_tokens} or the context) was reached. */
    LENGTH
}
