package io.sluice.engine.embedded.scheduler;

/** Where a sequence is in its life; one value per engine-loop state. */
public enum SequenceState {
    /** Admitted, waiting for KV blocks and a place in the batch (also after preemption). */
    WAITING,
    /** Its prompt is being computed, possibly over several steps (chunked prefill). */
    PREFILLING,
    /** Generating one token per step. */
    DECODING,
    /** Done; its blocks are freed. */
    FINISHED
}
