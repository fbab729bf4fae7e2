package io.sluice.engine.spi;

/** Why the engine stopped a sequence. Mapped to wire strings in the API layer only. */
public enum EngineFinish {
    /** The model produced an end-of-generation token (or a requested stop token id). */
    STOP,
    /** {@code maxNewTokens} were generated, or the context is full. */
    LENGTH,
    /** The subscriber cancelled (client gone, stop string found downstream, shutdown). */
    ABORTED
}
