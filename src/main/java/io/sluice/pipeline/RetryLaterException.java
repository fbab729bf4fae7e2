package io.sluice.pipeline;

import java.time.Duration;

/**
 * The server cannot take this request now, through no fault in the request: the client should retry after
 * {@link #retryAfter()} (sent as {@code Retry-After}). Each subtype says why; the API maps each to a status in its
 * one error table.
 */
public abstract sealed class RetryLaterException extends RuntimeException
        permits QueueFullException, QueueTimeoutException, ShuttingDownException, RateLimitedException {

    private final Duration retryAfter;

    RetryLaterException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
