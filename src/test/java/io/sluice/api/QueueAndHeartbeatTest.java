package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.observability.MetricNames;
import io.sluice.testing.ServingProfile;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission and heartbeats over real HTTP with the real engine: a queued stream gets its headers at once and
 * {@code : keep-alive} comments while it waits, then its answer; a full queue is refused with 429 before any SSE
 * header; a queue timeout after the headers is an error frame (no {@code [DONE]}), and before an answer a 503 with
 * {@code Retry-After}. The profile runs two sequences, queues two requests, times out after 3 s and beats every
 * 200 ms.
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class QueueAndHeartbeatTest extends ServingTestBase {

    private static final String CHAT = "/v1/chat/completions";

    /** Fills the batch with two long streams and waits until both run. */
    private RawClient[] fillTheBatch() throws InterruptedException {
        RawClient[] blockers = {open(CHAT, chat("Block the batch", 8000, true)).discardInBackground(),
                open(CHAT, chat("Block it too", 8000, true)).discardInBackground()};
        awaitTrue(() -> admission.running() == ServingProfile.MAX_RUNNING, 10_000, "the batch is full");
        return blockers;
    }

    @Test
    void aQueuedStreamGetsItsHeadersAtOnceAndKeepAlivesUntilItsTurn() throws Exception {
        Scrape before = awaitIdle();
        RawClient[] blockers = fillTheBatch();
        RawClient queued = open(CHAT, chat("Wait for me", 8, true));
        assertTrue(queued.readUntil(seen -> seen.contains("\r\n\r\n"), 2_000), "headers go out on admission");
        assertEquals(200, queued.status());
        assertEquals("text/event-stream", queued.headers().get("content-type"));
        assertTrue(queued.readUntil(seen -> RawClient.count(seen, ": keep-alive\n\n") >= 3, 2_500),
                "a keep-alive every 200 ms while queued: " + queued.seen());
        assertEquals(1, admission.waiting(), "still queued");
        assertFalse(queued.seen().contains("\"content\":\"") && RawClient.count(queued.seen(), "data: ") > 1,
                "no content while queued");
        for (RawClient blocker : blockers) {
            blocker.kill();
        }
        assertTrue(queued.readUntil(seen -> seen.contains("data: [DONE]\n\n"), 10_000),
                "served once places free up: " + queued.seen());
        Scrape after = awaitIdle();
        assertTrue(after.value(MetricNames.REQUEST_QUEUE_TIME_SECONDS + "_count")
                >= before.value(MetricNames.REQUEST_QUEUE_TIME_SECONDS + "_count") + 3);
    }

    @Test
    void aLongPrefillIsKeptAliveAndHealthStaysFast() throws Exception {
        awaitIdle();
        RawClient client = open("/v1/completions", longPrompt(ServingProfile.CONTEXT - 200, 4, true));
        assertTrue(client.readUntil(seen -> seen.contains("\r\n\r\n"), 5_000), "headers go out on admission");
        awaitTrue(() -> load().runningSequences() == 1, 10_000, "prefilling");
        for (String probe : new String[]{"/q/health/live", "/q/health/ready"}) {
            long start = System.nanoTime();
            HttpResponse<String> health = Http.get(base, probe);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, health.statusCode(), probe + ": " + health.body());
            assertTrue(millis < 2_000, probe + " took " + millis + " ms during a prefill");
        }
        assertTrue(client.readUntil(seen -> RawClient.count(seen, ": keep-alive\n\n") >= 2, 5_000),
                "keep-alives while the prompt is computed: " + client.seen());
        assertEquals(0, client.events(), "and no event yet: still prefilling");
        client.kill();
    }

    @Test
    void aFullQueueIs429BeforeAnyHeader() throws Exception {
        Scrape before = awaitIdle();
        fillTheBatch();
        for (int i = 0; i < ServingProfile.MAX_QUEUED; i++) {
            open(CHAT, chat("Queue " + i, 8, true));
        }
        awaitTrue(() -> admission.waiting() == ServingProfile.MAX_QUEUED, 5_000, "the queue is full");
        long start = System.nanoTime();
        HttpResponse<String> refused = Http.post(base, CHAT, chat("One too many", 8, true));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(429, refused.statusCode(), "a status, not an SSE stream: " + refused.body());
        assertTrue(millis < 2_000, "refused at once, took " + millis + " ms");
        assertEquals("1", refused.headers().firstValue("retry-after").orElse(null));
        assertEquals("application/json", refused.headers().firstValue("content-type").orElseThrow());
        JsonNode error = Http.json(refused.body()).get("error");
        assertEquals("queue_full", error.get("code").asText());
        Scrape after = Scrape.await(base, 5_000, s -> s.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "429")
                >= before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "429") + 1);
        assertEquals(before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "429") + 1,
                after.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "429"));
    }

    @Test
    void aRequestWithNChoicesTakesNPlaces() throws Exception {
        awaitIdle();
        RawClient twoChoices = open(CHAT, chat("Two answers", 8000, true).replace("\"stream\"", "\"n\":2,\"stream\""))
                .discardInBackground();
        awaitTrue(() -> load().runningSequences() == 2, 10_000, "two sequences for one request");
        assertEquals(1, admission.running(), "one request");
        RawClient next = open(CHAT, chat("Wait for me", 8, true));
        awaitTrue(() -> admission.waiting() == 1, 5_000, "a one-choice request now waits: the batch of "
                + ServingProfile.MAX_RUNNING + " is full");
        assertTrue(next.readUntil(seen -> RawClient.count(seen, ": keep-alive\n\n") >= 1, 2_000));
        twoChoices.kill();
        assertTrue(next.readUntil(seen -> seen.contains("data: [DONE]\n\n"), 10_000), next.seen());

        HttpResponse<String> tooMany = Http.post(base, CHAT,
                chat("Three answers", 8, false).replace("\"stream\"", "\"n\":3,\"stream\""));
        assertEquals(400, tooMany.statusCode(), "more choices than the batch can ever run");
        assertEquals("n", Http.json(tooMany.body()).at("/error/param").asText());
    }

    @Test
    void aQueueTimeoutAfterTheHeadersIsAnErrorFrame() throws Exception {
        Scrape before = awaitIdle();
        fillTheBatch();
        RawClient queued = open(CHAT, chat("Wait too long", 8, true));
        assertTrue(queued.readUntil(seen -> seen.contains("\r\n\r\n"), 2_000));
        assertEquals(200, queued.status());
        assertTrue(queued.readUntil(RawClient::ended, 10_000), "the stream ends after the queue timeout");
        String body = queued.seen();
        assertTrue(body.contains("data: {\"error\":"), body);
        assertTrue(body.contains("\"code\":\"queue_timeout\""), body);
        assertFalse(body.contains("[DONE]"), "a cut-off answer never ends with [DONE]");
        assertTrue(queued.keepAlives() >= 5, "kept alive while it waited: " + queued.keepAlives());
        Scrape after = Scrape.await(base, 5_000,
                s -> aborted(s, "queue_timeout") >= aborted(before, "queue_timeout") + 1);
        assertEquals(aborted(before, "queue_timeout") + 1, aborted(after, "queue_timeout"));
        assertEquals(before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "503") + 1,
                after.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "503"));
    }

    @Test
    void aQueueTimeoutBeforeAWholeAnswerIs503WithRetryAfter() throws Exception {
        Scrape before = awaitIdle();
        fillTheBatch();
        HttpResponse<String> timedOut = Http.post(base, CHAT, chat("Wait too long", 8, false));
        assertEquals(503, timedOut.statusCode(), timedOut.body());
        assertEquals("1", timedOut.headers().firstValue("retry-after").orElse(null));
        assertEquals("queue_timeout", Http.json(timedOut.body()).at("/error/code").asText());
        assertEquals(aborted(before, "queue_timeout") + 1, aborted(Scrape.await(base, 5_000,
                s -> aborted(s, "queue_timeout") >= aborted(before, "queue_timeout") + 1), "queue_timeout"));
    }
}
