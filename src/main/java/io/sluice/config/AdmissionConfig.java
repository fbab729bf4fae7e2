package io.sluice.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The queue in front of the engine. At most {@code sluice.scheduler.max-running} sequences run; requests beyond
 * that wait here, within these bounds, and are refused (429) when the queue is full rather than queued without end.
 */
@ConfigMapping(prefix = "sluice.admission")
public interface AdmissionConfig {

    /** Requests that may wait for a place in the batch; one more gets 429. */
    @WithDefault("256")
    int maxQueued();

    /**
     * Prompt tokens the waiting requests may hold together (each request's prompt counted once): a few huge prompts
     * fill the queue as surely as many small ones, and they are what makes a queue slow to drain.
     */
    @WithDefault("262144")
    int maxQueuedTokens();

    /** The longest a request waits for a place; then it fails (503, or an error frame once a stream has begun). */
    @WithDefault("60s")
    Duration queueTimeout();
}
