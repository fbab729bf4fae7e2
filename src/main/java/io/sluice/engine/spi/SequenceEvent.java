package io.sluice.engine.spi;

/** What the engine emits for one sequence: zero or more {@link Tokens}, then exactly one {@link Finished}. */
public sealed interface SequenceEvent {

    /**
     * Newly generated token ids, in order. The token that ended the sequence (an end-of-generation token) is not
     * included; it is reported by {@link Finished#stopToken()}.
     */
    record Tokens(int[] ids) implements SequenceEvent {
    }

    /**
     * The sequence ended.
     *
     * @param reason           why
     * @param stopToken        the end-of-generation token id that stopped it, or -1
     * @param promptTokens     prompt length
     * @param cachedTokens     prompt tokens whose KV cache was reused rather than computed
     * @param generatedTokens  tokens generated, the stop token included (as OpenAI counts it)
     */
    record Finished(EngineFinish reason, int stopToken, int promptTokens, int cachedTokens, int generatedTokens)
            implements SequenceEvent {
    }
}
