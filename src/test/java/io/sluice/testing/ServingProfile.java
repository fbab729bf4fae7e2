package io.sluice.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.synth.ModelShape;
import io.sluice.engine.embedded.synth.RandomModelWriter;
import io.sluice.engine.embedded.testing.TestModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The serving-contract tests' profile: the real engine on a tiny model with a long context (8192), so that a long
 * prompt takes seconds to prefill (attention grows with the square of its length) while short prompts decode in
 * milliseconds. Small limits and short timeouts make every bound reachable in a test: two sequences run, two
 * requests wait, heartbeats every 200 ms, a stalled reader is dropped after 1 s; the server's socket send buffer is
 * small (see {@link SendBufferCustomizer}) so that a client that stops reading fills it quickly.
 */
public class ServingProfile implements QuarkusTestProfile {

    public static final String MODEL = "serving-tiny";
    public static final int CONTEXT = 8192;
    public static final int MAX_RUNNING = 2;
    public static final int MAX_QUEUED = 2;
    public static final int WRITE_BUFFER = 16 * 1024;
    public static final int SEND_BUFFER = 8 * 1024;

    private static Path model;

    /** The model file, written once per test JVM. */
    public static synchronized Path model() {
        if (model == null) {
            try {
                Path dir = Files.createTempDirectory("sluice-serving-model");
                dir.toFile().deleteOnExit();
                Path file = dir.resolve("serving-tiny.gguf");
                ModelShape tiny = ModelShape.tiny("qwen2");
                ModelShape shape = new ModelShape("qwen2", MODEL, tiny.embeddingLength(), tiny.blockCount(),
                        tiny.headCount(), tiny.headCountKv(), tiny.headDim(), tiny.feedForwardLength(), CONTEXT,
                        tiny.ropeFreqBase(), tiny.rmsEps(), tiny.tiedEmbeddings(), null);
                RandomModelWriter.write(file, shape, GgmlType.F32, TestModels.chatMlTokenizer(), 11);
                file.toFile().deleteOnExit();
                model = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("sluice.model.path", model().toString());
        config.put("sluice.model.name", MODEL);
        config.put("sluice.engine.threads", "2");
        config.put("sluice.scheduler.max-running", Integer.toString(MAX_RUNNING));
        config.put("sluice.scheduler.max-step-tokens", "256");
        config.put("sluice.kvcache.tokens", Integer.toString(3 * CONTEXT));
        config.put("sluice.admission.max-queued", Integer.toString(MAX_QUEUED));
        config.put("sluice.admission.queue-timeout", "3s");
        config.put("sluice.stream.heartbeat", "200ms");
        config.put("sluice.stream.write-stall-timeout", "1s");
        config.put("sluice.stream.write-buffer", Integer.toString(WRITE_BUFFER));
        config.put(SendBufferCustomizer.KEY, Integer.toString(SEND_BUFFER));
        // Request log lines reach handlers (tests capture them) without flooding the console.
        config.put("quarkus.log.category.\"io.sluice.requests\".level", "INFO");
        config.put("quarkus.log.console.level", "WARN");
        return config;
    }
}
