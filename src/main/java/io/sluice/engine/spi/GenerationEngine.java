package io.sluice.engine.spi;

import io.smallrye.mutiny.Multi;

/**
 * An engine serving one model. The embedded engine and remote pools both implement it.
 */
public interface GenerationEngine {

    ModelCard card();

    PromptCodec codec();

    /**
     * Starts one sequence and returns its events. Cold: nothing is queued until subscription. Cancelling the
     * subscription aborts the sequence (queued, prefilling or decoding) and frees its memory within one engine step.
     * A failure (engine error, no memory) arrives as the stream's failure.
     */
    Multi<SequenceEvent> generate(SequenceSpec spec);

    /**
     * A snapshot of the engine's load, cheap and safe to read from any thread (a scrape, a health check). Engines
     * that cannot tell report {@link EngineLoad#UNKNOWN}.
     */
    default EngineLoad load() {
        return EngineLoad.UNKNOWN;
    }
}
