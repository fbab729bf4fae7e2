package io.sluice.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The application as {@code java -jar} runs it, through Quarkus's main, on the serving tests' long-context model
 * (a stream that outlasts the drain is easy to make) with a one-second drain. A main test cannot learn a random port, so a free one is picked here.
 */
public class SigtermProfile implements QuarkusTestProfile {

    public static final int PORT = freePort();

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "sluice.model.path", ServingProfile.model().toString(),
                "sluice.model.name", ServingProfile.MODEL,
                "sluice.engine.threads", "2",
                "sluice.shutdown.timeout", "1s",
                "quarkus.http.test-port", Integer.toString(PORT),
                "quarkus.http.port", Integer.toString(PORT));
    }
}
