package io.sluice.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.observability.MetricNames;
import io.sluice.testing.ServingProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client killed in each phase of its request (queued, prefilling, decoding), streaming and not, over real HTTP
 * with the real engine: the request must leave the queue or the batch, its KV blocks must be freed, the gauges must
 * return to zero and the abort counter must move. A non-streaming client is noticed by its connection's close, with
 * no write to fail on.
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class CancellationTest extends ServingTestBase {

    private static final String CHAT = "/v1/chat/completions";

    @Test
    void aStreamKilledWhileQueuedLeavesTheQueue() throws Exception {
        killWhileQueued(true);
    }

    @Test
    void aWholeAnswerKilledWhileQueuedLeavesTheQueue() throws Exception {
        killWhileQueued(false);
    }

    @Test
    void aStreamKilledWhilePrefillingLeavesTheBatch() throws Exception {
        killWhilePrefilling(true);
    }

    @Test
    void aWholeAnswerKilledWhilePrefillingLeavesTheBatch() throws Exception {
        killWhilePrefilling(false);
    }

    @Test
    void aStreamKilledWhileDecodingLeavesTheBatch() throws Exception {
        Scrape before = awaitIdle();
        RawClient client = open(CHAT, chat("Go on forever", 4000, true));
        assertTrue(client.readUntil(seen -> RawClient.count(seen, "\"content\":\"") >= 6, 20_000),
                "tokens arrive: " + client.seen());
        assertEquals(1, load().runningSequences(), "decoding");
        client.kill();
        assertAbortedOnce(before);
    }

    @Test
    void aWholeAnswerKilledWhileDecodingLeavesTheBatch() throws Exception {
        Scrape before = awaitIdle();
        double tokensBefore = before.value(MetricNames.GENERATION_TOKENS_TOTAL);
        RawClient client = open(CHAT, chat("Go on forever", 4000, false));
        Scrape decoding = Scrape.await(base, 20_000,
                s -> s.value(MetricNames.GENERATION_TOKENS_TOTAL) >= tokensBefore + 5);
        assertTrue(decoding.value(MetricNames.GENERATION_TOKENS_TOTAL) >= tokensBefore + 5, "decoding");
        assertEquals(1, decoding.value(MetricNames.REQUESTS_RUNNING));
        client.kill();
        assertAbortedOnce(before);
    }

    private void killWhileQueued(boolean stream) throws Exception {
        Scrape before = awaitIdle();
        RawClient first = open(CHAT, chat("Block the batch", 8000, true)).discardInBackground();
        RawClient second = open(CHAT, chat("Block it too", 8000, true)).discardInBackground();
        awaitTrue(() -> admission.running() == ServingProfile.MAX_RUNNING, 10_000, "the batch is full");
        RawClient queued = open(CHAT, chat("Wait for me", 16, stream));
        Scrape waiting = Scrape.await(base, 5_000, s -> s.value(MetricNames.REQUESTS_WAITING) == 1);
        assertEquals(1, waiting.value(MetricNames.REQUESTS_WAITING), "queued");
        if (stream) {
            assertTrue(queued.readUntil(seen -> seen.contains("\r\n\r\n"), 5_000), "headers go out on admission");
            assertEquals(200, queued.status());
        }
        queued.kill();
        Scrape gone = Scrape.await(base, 5_000, s -> s.value(MetricNames.REQUESTS_WAITING) == 0);
        assertEquals(0, gone.value(MetricNames.REQUESTS_WAITING), "the killed request left the queue");
        assertEquals(ServingProfile.MAX_RUNNING, gone.value(MetricNames.REQUESTS_RUNNING),
                "the others still run: the queue emptied because of the kill");
        assertEquals(aborted(before, "client_disconnect") + 1, aborted(gone, "client_disconnect"));
        assertTrue(load().runningSequences() <= ServingProfile.MAX_RUNNING, "the queued request never ran");
        first.kill();
        second.kill();
        Scrape after = awaitIdle();
        assertEquals(aborted(before, "client_disconnect") + 3, aborted(after, "client_disconnect"));
    }

    private void killWhilePrefilling(boolean stream) throws Exception {
        Scrape before = awaitIdle();
        double tokensBefore = before.value(MetricNames.GENERATION_TOKENS_TOTAL);
        RawClient client = open("/v1/completions", longPrompt(ServingProfile.CONTEXT - 200, 16, stream));
        awaitTrue(() -> load().runningSequences() == 1, 20_000, "the prompt reaches the engine");
        if (stream) {
            assertTrue(client.readUntil(seen -> seen.contains("\r\n\r\n"), 5_000), "headers go out on admission");
        }
        client.kill();
        Scrape after = assertAbortedOnce(before);
        assertEquals(tokensBefore, after.value(MetricNames.GENERATION_TOKENS_TOTAL),
                "no token was generated: the request died in its prefill");
    }

    private Scrape assertAbortedOnce(Scrape before) throws InterruptedException {
        awaitIdle();
        Scrape after = Scrape.await(base, 5_000,
                s -> aborted(s, "client_disconnect") >= aborted(before, "client_disconnect") + 1);
        assertEquals(aborted(before, "client_disconnect") + 1, aborted(after, "client_disconnect"),
                "the abort counter moved");
        assertEquals(before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "499") + 1,
                after.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "499"));
        return after;
    }
}
