package io.sluice.api;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.sluice.testing.ServingProfile;
import io.sluice.testing.SigtermProfile;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM end to end: the application runs through Quarkus's main (as the packaged server does), gets a real
 * SIGTERM, drains (readiness down, a running stream ended with an error frame after the 1 s timeout) and exits 0.
 * The signal is raised in this JVM, so the test first checks that the application's handler, not the JVM's, will
 * receive it.
 */
@QuarkusMainTest
@TestProfile(SigtermProfile.class)
class SigtermExitTest {

    private static final Signal TERM = new Signal("TERM");
    private final URI base = URI.create("http://localhost:" + SigtermProfile.PORT + "/");

    @Test
    void sigtermDrainsThenExitsZero(QuarkusMainLauncher launcher) throws Exception {
        // Not the common pool: Quarkus sets the class loader of its threads while it starts.
        CompletableFuture<LaunchResult> run = new CompletableFuture<>();
        Thread.ofPlatform().name("test-launcher").start(() -> {
            try {
                run.complete(launcher.launch());
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        });
        long deadline = System.currentTimeMillis() + 60_000;
        while (!ready() && System.currentTimeMillis() < deadline && !run.isDone()) {
            Thread.sleep(100);
        }
        assertTrue(ready(), "the application came up");

        SignalHandler installed = Signal.handle(TERM, SignalHandler.SIG_DFL);
        Signal.handle(TERM, installed);
        assertNotEquals(SignalHandler.SIG_DFL, installed, "the application handles SIGTERM itself");
        assertNotEquals(SignalHandler.SIG_IGN, installed);

        try (RawClient stream = RawClient.post(base, "/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"Go on"}],"max_tokens":8000,"ignore_eos":true,
                 "stream":true}""".formatted(ServingProfile.MODEL))) {
            assertTrue(stream.readUntil(seen -> RawClient.count(seen, "data: ") >= 3, 10_000), stream.seen());
            Signal.raise(TERM);
            long start = System.currentTimeMillis();
            while (ready() && System.currentTimeMillis() - start < 2_000) {
                Thread.sleep(20);
            }
            assertFalse(ready(), "readiness goes down at once");
            assertTrue(stream.readUntil(RawClient::ended, 10_000), "the stream is ended by the drain");
            String tail = stream.seen().substring(Math.max(0, stream.seen().length() - 400));
            assertTrue(tail.contains("data: {\"error\":"), "with an error frame: " + tail);
            assertFalse(stream.seen().contains("[DONE]"));
        }
        LaunchResult result = run.get(60, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), "SIGTERM exits 0: " + result.getErrorOutput());
    }

    private boolean ready() {
        try {
            HttpResponse<String> response = Http.get(base, "/q/health/ready");
            return response.statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
