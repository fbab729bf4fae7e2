package io.sluice.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.ServingProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that never reads, next to one that does, over real HTTP with the real engine. The reader's token rate
 * holds; the stalled stream takes from the engine only what fits its bounded buffers (so memory stays bounded),
 * and after {@code sluice.stream.write-stall-timeout} (1 s here) it is dropped as {@code slow_consumer} and its
 * sequence freed.
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class BackpressureTest extends ServingTestBase {

    private static final String CHAT = "/v1/chat/completions";
    private static final Pattern LINE = Pattern.compile("request (\\S+) chat .*status=(\\d+) aborted=(\\S+) .*"
            + "generated_tokens=(\\d+)");

    /** Reads a whole stream; returns its content tokens per second, from the first content chunk to [DONE]. */
    private double readerRate(int tokens) {
        RawClient reader = open(CHAT, chat("Read every word", tokens, true));
        assertTrue(reader.readUntil(seen -> seen.contains("\"content\":\"") && RawClient.count(seen, "data: ") > 2,
                30_000), "first tokens");
        long start = System.nanoTime();
        int startCount = RawClient.count(reader.seen(), "\"content\":\"");
        assertTrue(reader.readUntil(seen -> seen.contains("data: [DONE]"), 60_000), "the reader gets its answer");
        double seconds = (System.nanoTime() - start) / 1e9;
        int received = RawClient.count(reader.seen(), "\"content\":\"") - startCount;
        return received / seconds;
    }

    @Test
    void aStalledClientNeitherSlowsTheOthersNorGrowsMemoryAndIsDropped() throws Exception {
        Scrape before = awaitIdle();
        double alone = readerRate(600);

        try (LogCapture log = LogCapture.of("io.sluice.requests")) {
            // A receive buffer of 4 KiB and a reader that never reads: the server's buffers fill within a few
            // hundred tokens of a 4000-token answer.
            RawClient stalled = openStalled(CHAT, chat("Never read", 4000, true), 4096);
            awaitTrue(() -> admission.running() == 1, 5_000, "the stalled stream runs");
            double beside = readerRate(600);

            Scrape dropped = Scrape.await(base, 15_000,
                    s -> aborted(s, "slow_consumer") >= aborted(before, "slow_consumer") + 1);
            assertEquals(aborted(before, "slow_consumer") + 1, aborted(dropped, "slow_consumer"),
                    "the stalled client is dropped as a slow consumer");
            assertTrue(stalled.readToEnd(5_000), "its connection is closed");
            awaitIdle();

            System.out.printf("reader alone %.0f tokens/s, beside a stalled client %.0f tokens/s%n", alone, beside);
            assertTrue(beside >= 0.2 * alone, "the reader's rate holds: " + beside + " tokens/s beside a stalled "
                    + "client, " + alone + " alone");

            String line = log.lines().stream().filter(l -> l.contains("aborted=slow_consumer")).findFirst()
                    .orElse(null);
            assertNotNull(line, "the drop is logged: " + log.lines());
            Matcher m = LINE.matcher(line);
            assertTrue(m.find(), line);
            assertEquals("499", m.group(2));
            int pulled = Integer.parseInt(m.group(4));
            System.out.println("stalled stream took " + pulled + " tokens from the engine");
            // What the buffers hold (the stream's write queue, the kernel's send and receive buffers, which Linux
            // doubles) in chunks of about 250 bytes, twice over.
            int bound = 2 * (ServingProfile.WRITE_BUFFER + 2 * ServingProfile.SEND_BUFFER + 2 * 4096) / 250;
            assertTrue(pulled <= bound, "the stalled stream took " + pulled + " tokens, more than its buffers hold ("
                    + bound + ")");
        }
    }
}
