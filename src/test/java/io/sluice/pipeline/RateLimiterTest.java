package io.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-key token buckets, without HTTP. */
class RateLimiterTest {

    @Test
    void aKeyMayBurstToItsLimitThenWaits() {
        RateLimiter limiter = new RateLimiter(OptionalInt.of(3), OptionalInt.empty());
        assertEquals(2, limiter.startRequest("a").requests().orElseThrow().remaining());
        assertEquals(1, limiter.startRequest("a").requests().orElseThrow().remaining());
        assertEquals(0, limiter.startRequest("a").requests().orElseThrow().remaining());
        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> limiter.startRequest("a"));
        assertEquals(RateLimitedException.Budget.REQUESTS, refused.budget());
        // one request refills in 20 s: the wait is at most that
        assertTrue(refused.retryAfter().compareTo(Duration.ofSeconds(20)) <= 0, refused.retryAfter().toString());
        assertTrue(refused.retryAfter().compareTo(Duration.ofSeconds(19)) > 0, refused.retryAfter().toString());
        assertEquals(2, limiter.startRequest("b").requests().orElseThrow().remaining(), "keys are independent");
    }

    @Test
    void generatedTokensAreChargedAfterTheFactAndBlockTheNextPrompt() {
        RateLimiter limiter = new RateLimiter(OptionalInt.empty(), OptionalInt.of(1000));
        assertEquals(900, limiter.takePrompt("k", 100).tokens().orElseThrow().remaining());
        limiter.charge("k", 880);
        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> limiter.takePrompt("k", 50));
        assertEquals(RateLimitedException.Budget.TOKENS, refused.budget());
        assertTrue(refused.quotas().tokens().orElseThrow().remaining() < 50);
        assertTrue(limiter.takePrompt("k", 10).tokens().isPresent(), "a prompt that fits what is left goes");
    }

    @Test
    void aRefusedRequestsPromptIsRefunded() {
        RateLimiter limiter = new RateLimiter(OptionalInt.empty(), OptionalInt.of(1000));
        limiter.takePrompt("k", 600);
        limiter.refund("k", 600);
        assertEquals(1000, limiter.takePrompt("k", 0).tokens().orElseThrow().remaining());
        limiter.refund("k", 50);
        assertEquals(1000, limiter.takePrompt("k", 0).tokens().orElseThrow().remaining(), "never above the limit");
    }

    @Test
    void aPromptLargerThanTheWholeBudgetWaitsForAFullBucketInsteadOfForever() {
        RateLimiter limiter = new RateLimiter(OptionalInt.empty(), OptionalInt.of(100));
        limiter.takePrompt("k", 500); // a full bucket lets it through
        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> limiter.takePrompt("k", 1));
        assertTrue(refused.retryAfter().compareTo(Duration.ofMinutes(5)) < 0);
    }

    @Test
    void resetTimesAreSpelledAsOpenAiDoes() {
        assertEquals("17ms", RateLimiter.format(Duration.ofMillis(17)));
        assertEquals("1s", RateLimiter.format(Duration.ofMillis(1000)));
        assertEquals("2.16s", RateLimiter.format(Duration.ofMillis(2160)));
        assertEquals("6m0s", RateLimiter.format(Duration.ofMinutes(6)));
        assertEquals("1h2m3s", RateLimiter.format(Duration.ofSeconds(3723)));
    }

    @Test
    void withoutLimitsNothingIsCounted() {
        RateLimiter limiter = new RateLimiter(OptionalInt.empty(), OptionalInt.empty());
        for (int i = 0; i < 1000; i++) {
            limiter.startRequest("k");
            limiter.takePrompt("k", 1_000_000);
        }
        assertEquals(RateLimiter.Quotas.NONE, limiter.startRequest("k"));
    }
}
