package io.sluice.engine.embedded.scheduler;

import io.sluice.engine.spi.SequenceEvent;

/**
 * Where the engine loop delivers one sequence's events. Called on the engine loop thread; implementations must
 * return quickly and never block.
 */
public interface SequenceSink {

    void tokens(int[] ids);

    void finished(SequenceEvent.Finished finished);

    void failed(Throwable error);
}
