package io.sluice.engine.embedded.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufMetadata;
import io.sluice.engine.embedded.synth.ModelShape;
import io.sluice.engine.embedded.synth.RandomModelWriter;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * llama.cpp as the oracle: each vocabulary of {@link OracleFixtures} is written into a one-layer random-weight
 * model ({@link RandomModelWriter}) that llama.cpp (de.kherud:llama 4.2.0, llama.cpp build b4916) loads, and both
 * sides tokenize {@link OracleSamples}: the ids must be identical. The binding's {@code encode} tokenizes with
 * {@code add_special = false, parse_special = true}, so Sluice is asked the same. Every token's decoded bytes are
 * compared as well, through the binding's package-private {@code decodeBytes} (llama.cpp's
 * {@code token_to_piece} with specials rendered).
 */
class LlamaCppOracleTest {

    private static final List<String> SAMPLES = OracleSamples.all();
    /** Tokenizing never runs the model, so the smallest llama llama.cpp loads will do. */
    private static final ModelShape SHAPE =
            new ModelShape("llama", "sluice-tokenizer-oracle", 32, 1, 2, 2, 16, 64, 512, 10000f, 1e-5f, true, null);

    @TempDir
    static Path dir;

    @BeforeAll
    static void quietLlamaCpp() {
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
    }

    static Stream<OracleFixtures.Fixture> fixtures() {
        return OracleFixtures.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void tokenIdsAndBytesMatchLlamaCpp(OracleFixtures.Fixture fixture) throws Exception {
        Path file = dir.resolve(fixture.name().replace('/', '_') + ".gguf");
        RandomModelWriter.write(file, SHAPE, GgmlType.F32, fixture.metadata(), 1);
        Tokenizer sluice = Tokenizers.fromGguf(new GgufMetadata(file.toString(), fixture.metadata()));
        ModelParameters params = new ModelParameters().setModel(file.toString()).setCtxSize(64).setThreads(1)
                .skipWarmup().disableLog();
        try (LlamaModel llama = new LlamaModel(params)) {
            List<String> mismatches = new ArrayList<>();
            for (String sample : SAMPLES) {
                int[] expected = llama.encode(sample);
                int[] actual = sluice.encode(sample, false, true);
                if (!Arrays.equals(expected, actual)) {
                    mismatches.add(escape(sample) + "\n  llama.cpp " + Arrays.toString(expected)
                            + "\n  sluice    " + Arrays.toString(actual));
                }
            }
            assertTrue(mismatches.isEmpty(), fixture + ": " + mismatches.size() + " of " + SAMPLES.size()
                    + " samples differ:\n" + String.join("\n", mismatches));

            Method decodeBytes = LlamaModel.class.getDeclaredMethod("decodeBytes", int[].class);
            decodeBytes.setAccessible(true);
            for (int id = 0; id < sluice.size(); id++) {
                byte[] expected = (byte[]) decodeBytes.invoke(llama, (Object) new int[] {id});
                assertArrayEquals(expected, sluice.decode(id), fixture + ": bytes of token " + id);
            }
        }
    }

    private static String escape(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "'" + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }
}
