package io.sluice.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.FakeEngineProfile;
import io.sluice.testing.FakeSequence;
import io.sluice.testing.Reply;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API-layer tests that a client going away stops generation: the fake engine must see its subscription cancelled,
 * and then emit nothing more. Raw sockets, so the test controls exactly when the connection drops.
 */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
class DisconnectApiTest extends ApiTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(3);

    private Socket send(String body) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(5000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    /** Reads until {@code count} SSE events have arrived. */
    private static void readEvents(InputStream in, int count) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (seen.toString().split("data: ", -1).length - 1 < count) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new AssertionError("the stream ended early: " + seen);
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
        }
    }

    private static void assertStopsProducing(FakeSequence sequence) throws InterruptedException {
        assertTrue(sequence.awaitCancelled(PATIENCE), "the engine must see the cancel");
        int atCancel = sequence.emitted();
        Thread.sleep(150);
        assertEquals(atCancel, sequence.emitted(), "no tokens after the cancel");
        assertTrue(atCancel < sequence.spec().maxNewTokens());
    }

    @Test
    void closingAStreamMidwayCancelsEverySequenceOfTheRequest() throws Exception {
        engine.when("long story", Reply.text("tick ").repeating().delay(Duration.ofMillis(20)));
        try (Socket socket = send("""
                {"model":"fake-model","messages":[{"role":"user","content":"long story"}],"stream":true,"n":2}""")) {
            readEvents(socket.getInputStream(), 6);
        }
        assertEquals(2, engine.sequences().size());
        for (FakeSequence sequence : engine.sequences()) {
            assertStopsProducing(sequence);
        }
    }

    @Test
    void closingWhileWaitingForAWholeAnswerCancelsToo() throws Exception {
        engine.when("long story", Reply.text("tick ").repeating().delay(Duration.ofMillis(20)));
        try (Socket ignored = send("""
                {"model":"fake-model","messages":[{"role":"user","content":"long story"}]}""")) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while ((engine.sequences().isEmpty() || engine.last().emitted() < 3) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(engine.last().emitted() >= 3);
        }
        assertStopsProducing(engine.last());
    }

    @Test
    void aStreamThatFinishesNormallyIsNotCancelled() throws Exception {
        try (Socket socket = send("""
                {"model":"fake-model","messages":[{"role":"user","content":"hi"}],"stream":true}""")) {
            String all = new String(socket.getInputStream().readNBytes(1), StandardCharsets.UTF_8);
            InputStream in = socket.getInputStream();
            StringBuilder body = new StringBuilder(all);
            byte[] buffer = new byte[4096];
            while (!body.toString().contains("data: [DONE]")) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                body.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
            assertTrue(body.toString().contains("data: [DONE]\n\n"));
        }
        Thread.sleep(50);
        assertTrue(engine.last().ended());
        assertTrue(!engine.last().cancelled(), "a finished sequence is not cancelled");
    }
}
