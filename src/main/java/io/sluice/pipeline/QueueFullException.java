package io.sluice.pipeline;

import java.time.Duration;

/** The admission queue is full (requests or prompt tokens): refused before anything was sent. */
public final class QueueFullException extends RetryLaterException {

    public QueueFullException(String message) {
        super(message, Duration.ofSeconds(1));
    }
}
