package io.sluice.api;

import io.sluice.pipeline.RateLimiter;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** OpenAI's {@code x-ratelimit-*} headers, and {@code Retry-After} in whole seconds. */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static Map<String, String> of(RateLimiter.Quotas quotas) {
        Map<String, String> headers = new LinkedHashMap<>();
        quotas.requests().ifPresent(q -> {
            headers.put("x-ratelimit-limit-requests", Integer.toString(q.limit()));
            headers.put("x-ratelimit-remaining-requests", Long.toString(q.remaining()));
            headers.put("x-ratelimit-reset-requests", RateLimiter.format(q.reset()));
        });
        quotas.tokens().ifPresent(q -> {
            headers.put("x-ratelimit-limit-tokens", Integer.toString(q.limit()));
            headers.put("x-ratelimit-remaining-tokens", Long.toString(q.remaining()));
            headers.put("x-ratelimit-reset-tokens", RateLimiter.format(q.reset()));
        });
        return headers;
    }

    /** Sets the headers on a response whose head has not gone out yet. */
    static void put(HttpServerResponse response, RateLimiter.Quotas quotas) {
        if (!response.headWritten()) {
            of(quotas).forEach(response::putHeader);
        }
    }

    /** {@code Retry-After}: whole seconds, rounded up, at least 1 (0 would invite an immediate retry storm). */
    static String retryAfter(Duration wait) {
        long seconds = (wait.toMillis() + 999) / 1000;
        return Long.toString(Math.max(1, seconds));
    }
}
