package io.sluice.pipeline;

import java.time.Duration;

/** The request waited in the admission queue for {@code sluice.admission.queue-timeout} without getting a place. */
public final class QueueTimeoutException extends RetryLaterException {

    public QueueTimeoutException(Duration waited) {
        super("The server is overloaded: the request waited " + waited.toMillis()
                + " ms without getting a place. Retry later.", Duration.ofSeconds(1));
    }
}
