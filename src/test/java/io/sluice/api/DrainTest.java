package io.sluice.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.observability.MetricNames;
import io.sluice.testing.DrainProfile;
import io.sluice.testing.ServingProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graceful drain that SIGTERM starts ({@link SigtermDrain} runs exactly {@link Drain#run}, then stops the
 * application; {@code SigtermExitTest} covers that part), over real HTTP with the real engine: readiness goes down,
 * new requests get 503 with {@code Retry-After}, queued requests are sent away at once, a stream that can finish
 * within {@code sluice.shutdown.timeout} (3 s here) finishes, and one that cannot ends with an error frame.
 */
@QuarkusTest
@TestProfile(DrainProfile.class)
class DrainTest extends ServingTestBase {

    private static final String CHAT = "/v1/chat/completions";

    @Inject
    Drain drain;

    @Test
    void drainingRefusesNewWorkLetsShortStreamsFinishAndEndsTheRest() throws Exception {
        Scrape before = awaitIdle();
        assertEquals(200, Http.get(base, "/q/health/ready").statusCode());

        RawClient endless = open(CHAT, chat("Go on forever", 8000, true));
        assertTrue(endless.readUntil(seen -> RawClient.count(seen, "\"content\":\"") >= 3, 10_000));
        RawClient shortOne = open(CHAT, chat("Say a little", 300, true));
        assertTrue(shortOne.readUntil(seen -> seen.contains("\"role\":\"assistant\""), 10_000));
        awaitTrue(() -> admission.running() == ServingProfile.MAX_RUNNING, 5_000, "both run");
        RawClient queued = open(CHAT, chat("Wait in the queue", 8, true));
        assertTrue(queued.readUntil(seen -> seen.contains("\r\n\r\n"), 5_000));
        awaitTrue(() -> admission.waiting() == 1, 5_000, "one waits");

        long start = System.nanoTime();
        CompletableFuture<Void> drained = CompletableFuture.runAsync(drain::run);

        awaitTrue(() -> Http.get(base, "/q/health/ready").statusCode() == 503, 2_000, "readiness goes down");
        assertEquals(200, Http.get(base, "/q/health/live").statusCode(), "liveness stays up");
        HttpResponse<String> refused = Http.post(base, CHAT, chat("Too late", 8, true));
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("1", refused.headers().firstValue("retry-after").orElse(null));
        assertEquals("close", refused.headers().firstValue("connection").orElse(null));
        assertEquals("service_unavailable", Http.json(refused.body()).at("/error/code").asText());

        assertTrue(queued.readUntil(RawClient::ended, 1_000), "the queued request is sent away at once");
        assertTrue(queued.seen().contains("\"code\":\"service_unavailable\""), queued.seen());
        assertFalse(queued.seen().contains("[DONE]"));

        assertTrue(shortOne.readUntil(seen -> seen.contains("data: [DONE]\n\n"), 10_000),
                "a stream that can finish in time finishes: " + shortOne.seen());

        assertTrue(endless.readUntil(RawClient::ended, 10_000), "the endless stream is ended");
        long millis = (System.nanoTime() - start) / 1_000_000;
        String tail = endless.seen().substring(Math.max(0, endless.seen().length() - 400));
        assertTrue(tail.contains("data: {\"error\":") && tail.contains("shut"), tail);
        assertFalse(endless.seen().contains("[DONE]"), "a cut-off answer never ends with [DONE]");
        assertTrue(millis >= 2_900, "it had its three seconds: ended after " + millis + " ms");

        drained.get();
        assertEquals(0, drain.inFlight());
        Scrape after = awaitIdle();
        assertEquals(aborted(before, "shutdown") + 2, aborted(after, "shutdown"), "the queued and the endless one");
        assertEquals(before.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200") + 1,
                after.value(MetricNames.REQUESTS_TOTAL, MetricNames.STATUS, "200"), "the short one");
        assertEquals(503, Http.get(base, "/q/health/ready").statusCode(), "and readiness stays down");
    }
}
