package io.sluice.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.sluice.engine.embedded.testing.TestModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The edge's guards on the real engine with the tiny chat model: API keys (two inline, two in a file the tests
 * rewrite), per-key limits of 3 requests and 300 tokens a minute, one allowed CORS origin, and request log lines at
 * INFO for the logging tests.
 */
public class GuardProfile implements QuarkusTestProfile {

    public static final String MODEL = TinyModelProfile.MODEL;
    public static final String INLINE_KEY = "sk-inline-one";
    public static final String LIMITED_KEY = "sk-inline-limited";
    public static final String FILE_KEY = "sk-file-one";
    public static final String TOKEN_KEY = "sk-file-tokens";
    public static final String ORIGIN = "https://chat.example.com";
    public static final int REQUESTS_PER_MINUTE = 3;
    public static final int TOKENS_PER_MINUTE = 300;

    private static Path keyFile;

    /** The key file, created once per test JVM; tests rewrite it to check reloading. */
    public static synchronized Path keyFile() {
        if (keyFile == null) {
            try {
                Path dir = Files.createTempDirectory("sluice-keys");
                dir.toFile().deleteOnExit();
                keyFile = dir.resolve("api-keys.txt");
                Files.writeString(keyFile, "# keys for the guard tests\n\n" + FILE_KEY + "\n  " + TOKEN_KEY + "  \n");
                keyFile.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keyFile;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("sluice.model.path", TestModels.tinyChatModel().toString());
        config.put("sluice.model.name", MODEL);
        config.put("sluice.engine.threads", "2");
        config.put("sluice.auth.api-keys", INLINE_KEY + "," + LIMITED_KEY);
        config.put("sluice.auth.api-keys-file", keyFile().toString());
        config.put("sluice.auth.requests-per-minute", Integer.toString(REQUESTS_PER_MINUTE));
        config.put("sluice.auth.tokens-per-minute", Integer.toString(TOKENS_PER_MINUTE));
        config.put("sluice.cors.origins", ORIGIN + ",https://other.example.org");
        config.put("quarkus.log.category.\"io.sluice\".level", "INFO");
        config.put("quarkus.log.console.level", "WARN");
        return config;
    }
}
