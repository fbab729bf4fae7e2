package io.sluice.web;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.synth.ModelShape;
import io.sluice.engine.embedded.synth.RandomModelWriter;
import io.sluice.engine.embedded.testing.TestModels;
import io.sluice.testing.TinyModelProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real embedded engine on the tiny test model's shape and vocabulary, with a 4,096-token context so that a
 * reply can run for thousands of tokens (seconds, even on a fast machine) and Stop surely lands mid-reply; real API
 * keys (one per test, so that no test spends another's budget) with a budget of {@value #REQUESTS_PER_MINUTE}
 * requests a minute per key, which a test can spend in a moment to get a real 429; plus the test-only
 * {@link ForcedReplies} for the scripted stream.
 */
public class ChatPageProfile implements QuarkusTestProfile {

    static final String MODEL = TinyModelProfile.MODEL;
    static final int CONTEXT = 4096;
    /** Room for the streaming test's three replies; few enough to spend at once. */
    static final int REQUESTS_PER_MINUTE = 5;
    /** The streaming test's key. */
    static final String KEY = "sk-chat-page";
    /** The key whose budget the phone test spends to be refused. */
    static final String KEY_LIMITED = "sk-chat-page-limited";

    private static Path model;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "sluice.model.path", model().toString(),
                "sluice.model.name", MODEL,
                "sluice.engine.threads", "2",
                "sluice.auth.api-keys", String.join(",", KEY, KEY_LIMITED, ForcedReplies.KEY_SCRIPTED),
                "sluice.auth.requests-per-minute", Integer.toString(REQUESTS_PER_MINUTE),
                ForcedReplies.ENABLED, "true");
    }

    private static synchronized Path model() {
        if (model == null) {
            ModelShape tiny = ModelShape.tiny("qwen2");
            ModelShape shape = new ModelShape(tiny.architecture(), MODEL, tiny.embeddingLength(), tiny.blockCount(),
                    tiny.headCount(), tiny.headCountKv(), tiny.headDim(), tiny.feedForwardLength(), CONTEXT,
                    tiny.ropeFreqBase(), tiny.rmsEps(), tiny.tiedEmbeddings(), null);
            try {
                Path dir = Files.createTempDirectory("sluice-web-model");
                dir.toFile().deleteOnExit();
                Path file = dir.resolve(MODEL + ".gguf");
                RandomModelWriter.write(file, shape, GgmlType.F32, TestModels.chatMlTokenizer(), 5);
                file.toFile().deleteOnExit();
                model = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model;
    }
}
