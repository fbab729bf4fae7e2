package io.sluice.pipeline;

import io.sluice.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-key budgets: {@code sluice.auth.requests-per-minute} and {@code sluice.auth.tokens-per-minute}, each a token
 * bucket that holds a minute's worth and refills continuously (so a key may burst up to its limit, then runs at the
 * limit's rate). Prompt tokens are taken before a request is admitted; generated tokens are charged when it ends, so a
 * key can overrun by one request's output, and then waits for the overrun to refill.
 *
 * <p>Each bucket is the generic cell rate algorithm: one "theoretical arrival time" per bucket, advanced by a
 * compare-and-set, so any event loop may take from it without a lock or a thread hop. Keys are the authenticator's
 * key ids (hashes), so the map holds at most one entry per key ever configured.
 */
@ApplicationScoped
public class RateLimiter {

    private static final long WINDOW = Duration.ofMinutes(1).toNanos();

    /** One budget as the {@code x-ratelimit-*} headers show it. */
    public record Quota(int limit, long remaining, Duration reset) {
    }

    /** A key's budgets; empty where no limit is configured. */
    public record Quotas(Optional<Quota> requests, Optional<Quota> tokens) {
        public static final Quotas NONE = new Quotas(Optional.empty(), Optional.empty());
    }

    private final OptionalInt requestsPerMinute;
    private final OptionalInt tokensPerMinute;
    private final ConcurrentMap<String, Buckets> keys = new ConcurrentHashMap<>();
    private final long origin = System.nanoTime();

    @Inject
    public RateLimiter(AuthConfig config) {
        this(config.requestsPerMinute(), config.tokensPerMinute());
    }

    RateLimiter(OptionalInt requestsPerMinute, OptionalInt tokensPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
    }

    /** Takes one request from {@code key}'s budget. @throws RateLimitedException when it is spent */
    public Quotas startRequest(String key) {
        Buckets b = buckets(key);
        long now = now();
        if (b.requests != null) {
            long wait = b.requests.take(now, 1);
            if (wait > 0) {
                throw new RateLimitedException(RateLimitedException.Budget.REQUESTS, retry(wait), b.quotas(now));
            }
        }
        return b.quotas(now);
    }

    /** Takes a prompt's tokens from {@code key}'s budget. @throws RateLimitedException when they do not fit */
    public Quotas takePrompt(String key, int tokens) {
        Buckets b = buckets(key);
        long now = now();
        if (b.tokens != null) {
            long wait = b.tokens.take(now, tokens);
            if (wait > 0) {
                throw new RateLimitedException(RateLimitedException.Budget.TOKENS, retry(wait), b.quotas(now));
            }
        }
        return b.quotas(now);
    }

    /** Charges tokens already spent (the generated ones), even past the limit. */
    public void charge(String key, int tokens) {
        Buckets b = buckets(key);
        if (b.tokens != null && tokens > 0) {
            b.tokens.charge(now(), tokens);
        }
    }

    /** Gives back tokens taken for a request that was then refused (queue full, draining): it cost nothing. */
    public void refund(String key, int tokens) {
        Buckets b = buckets(key);
        if (b.tokens != null && tokens > 0) {
            b.tokens.refund(System.nanoTime() - origin, tokens);
        }
    }

    public boolean limited() {
        return requestsPerMinute.isPresent() || tokensPerMinute.isPresent();
    }

    private Buckets buckets(String key) {
        return keys.computeIfAbsent(key, k -> new Buckets(
                requestsPerMinute.isPresent() ? new Bucket(requestsPerMinute.getAsInt()) : null,
                tokensPerMinute.isPresent() ? new Bucket(tokensPerMinute.getAsInt()) : null));
    }

    private long now() {
        return System.nanoTime() - origin;
    }

    private static Duration retry(long waitNanos) {
        return Duration.ofNanos(waitNanos);
    }

    /** OpenAI's spelling of a reset time: {@code 17ms}, {@code 2.16s}, {@code 6m0s}, {@code 1h2m3s}. */
    public static String format(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return BigDecimal.valueOf(millis, 3).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros()
                    .toPlainString() + "s";
        }
        long seconds = millis / 1000;
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return (h > 0 ? h + "h" : "") + m + "m" + s + "s";
    }

    private record Buckets(Bucket requests, Bucket tokens) {
        Quotas quotas(long now) {
            return new Quotas(Optional.ofNullable(requests).map(b -> b.quota(now)),
                    Optional.ofNullable(tokens).map(b -> b.quota(now)));
        }
    }

    /** A bucket of {@code limit} units refilling over a minute, as a theoretical arrival time (GCRA). */
    private static final class Bucket {
        private final int limit;
        private final double nanosPerUnit;
        /** When the bucket would be full again; at or before now means full. */
        private final AtomicLong fullAt = new AtomicLong();

        Bucket(int limit) {
            this.limit = Math.max(1, limit);
            this.nanosPerUnit = (double) WINDOW / this.limit;
        }

        /** Takes {@code cost} units if they are there; otherwise takes nothing and returns the nanos to wait. */
        long take(long now, int cost) {
            // A cost above the whole budget could never fit: it waits for a full bucket instead of forever.
            long need = (long) Math.ceil(Math.min(cost, limit) * nanosPerUnit);
            long charge = (long) Math.ceil(cost * nanosPerUnit);
            while (true) {
                long current = fullAt.get();
                long base = Math.max(current, now);
                if (base + need - now > WINDOW) {
                    return base + need - now - WINDOW;
                }
                if (fullAt.compareAndSet(current, base + charge)) {
                    return 0;
                }
            }
        }

        void charge(long now, int cost) {
            long charge = (long) Math.ceil(cost * nanosPerUnit);
            while (true) {
                long current = fullAt.get();
                long next = Math.min(Math.max(current, now) + charge, now + 2 * WINDOW); // debt capped at a minute
                if (fullAt.compareAndSet(current, next)) {
                    return;
                }
            }
        }

        void refund(long now, int cost) {
            long credit = (long) Math.ceil(cost * nanosPerUnit);
            while (true) {
                long current = fullAt.get();
                long next = Math.max(now, current - credit);
                if (current <= now || fullAt.compareAndSet(current, next)) {
                    return;
                }
            }
        }

        Quota quota(long now) {
            long owed = Math.max(0, fullAt.get() - now);
            long used = (long) Math.ceil(owed / nanosPerUnit);
            return new Quota(limit, Math.max(0, limit - used), Duration.ofNanos(owed));
        }
    }
}
