package io.sluice.pipeline;

import java.time.Duration;

/**
 * An API key went over its per-minute budget.
 *
 * @see RateLimiter
 */
public final class RateLimitedException extends RetryLaterException {

    /** Which budget ran out. */
    public enum Budget { REQUESTS, TOKENS }

    private final Budget budget;
    private final RateLimiter.Quotas quotas;

    public RateLimitedException(Budget budget, Duration retryAfter, RateLimiter.Quotas quotas) {
        super(switch (budget) {
            case REQUESTS -> "Rate limit reached for requests per minute on this API key. Retry after "
                    + RateLimiter.format(retryAfter) + ".";
            case TOKENS -> "Rate limit reached for tokens per minute on this API key. Retry after "
                    + RateLimiter.format(retryAfter) + ".";
        }, retryAfter);
        this.budget = budget;
        this.quotas = quotas;
    }

    public Budget budget() {
        return budget;
    }

    /** The key's budgets as they stand, for the {@code x-ratelimit-*} headers. */
    public RateLimiter.Quotas quotas() {
        return quotas;
    }
}
