package io.sluice.engine.spi;

/**
 * How busy an engine is, as of its last step: for metrics and tests, never for decisions that need to be exact.
 *
 * @param runningSequences sequences in the running batch
 * @param waitingSequences sequences the engine holds but does not run (queued in the engine, or preempted)
 * @param kvCacheUsage     share of the KV cache in use, 0 to 1; 0 for engines without one
 */
public record EngineLoad(int runningSequences, int waitingSequences, double kvCacheUsage) {

    /** What an engine that cannot tell reports. */
    public static final EngineLoad UNKNOWN = new EngineLoad(0, 0, 0);
}
