package io.sluice.pipeline;

import java.time.Duration;

/** The server is draining for shutdown: it takes no new requests, and queued ones are sent away. */
public final class ShuttingDownException extends RetryLaterException {

    public ShuttingDownException() {
        super("The server is shutting down; retry the request (another replica will take it).", Duration.ofSeconds(1));
    }
}
