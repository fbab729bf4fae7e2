package io.sluice.pipeline;

/**
 * The engine aborted a sequence that this request did not cancel (server shutdown, memory pressure). The request
 * fails; it is not the client's fault.
 */
public final class SequenceAbortedException extends RuntimeException {

    public SequenceAbortedException() {
        super("the engine aborted the sequence", null, false, false);
    }
}
