package io.sluice.engine.embedded.model;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufReader;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.embedded.kvcache.KvCache;
import io.sluice.engine.embedded.synth.ModelShape;
import io.sluice.engine.embedded.synth.RandomModelWriter;
import io.sluice.engine.embedded.testing.ByteLevelTestVocabulary;
import io.sluice.engine.embedded.testing.LlamaCppOracle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our forward pass against llama.cpp's on the same random-weight files. */
class ForwardPassOracleTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("llama", GgmlType.F32),
                Arguments.of("qwen2", GgmlType.F32),
                Arguments.of("llama", GgmlType.F16),
                Arguments.of("qwen2", GgmlType.F16));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void greedyContinuationAndHiddenStateMatchLlamaCpp(String arch, GgmlType type) throws Exception {
        ByteLevelTestVocabulary vocab = new ByteLevelTestVocabulary();
        Path file = dir.resolve(arch + "-" + type + ".gguf");
        RandomModelWriter.write(file, ModelShape.tiny(arch), type, vocab.metadata("qwen2"), 7);

        String prompt = "hello world, the answer is";
        int[] ids;
        String expectedText;
        try (LlamaCppOracle oracle = LlamaCppOracle.forGeneration(file, 512)) {
            ids = oracle.encode(prompt);
            expectedText = oracle.greedy(ids, 64);
        }
        float[] expectedHidden;
        try (LlamaCppOracle oracle = LlamaCppOracle.forHiddenStates(file, 512)) {
            expectedHidden = oracle.lastHiddenState(prompt);
        }

        try (GgufFile gguf = GgufReader.open(file); KernelPool pool = new KernelPool(2)) {
            ModelConfig config = ModelConfig.from(gguf);
            Transformer model = new Transformer(config, ModelWeights.load(gguf, config, pool),
                    new KvCache(config.layers(), config.kvWidth(), 16, 64), pool);
            BlockTable table = new BlockTable(model.cache());
            table.ensureCapacity(ids.length + 64);

            float[] logits = model.forward(List.of(new Transformer.Chunk(table, ids, 0, true)))[0];
            float[] hidden = normalize(model.lastHiddenState());
            float maxDiff = 0;
            for (int i = 0; i < hidden.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(hidden[i] - expectedHidden[i]));
            }
            System.out.printf("%s %s: hidden-state max |diff| %.2e%n", arch, type, maxDiff);
            assertTrue(maxDiff < 2e-3f, arch + " " + type + ": hidden state differs by " + maxDiff);

            int[] generated = new int[64];
            int pos = ids.length;
            for (int i = 0; i < 64; i++) {
                int next = argMax(logits);
                generated[i] = next;
                logits = model.forward(List.of(new Transformer.Chunk(table, new int[] {next}, pos++, true)))[0];
            }
            List<byte[]> pieces = new java.util.ArrayList<>();
            for (int id : generated) {
                pieces.add(vocab.decode(new int[] {id}));
            }
            String text = LlamaCppOracle.streamedText(pieces);
            assertEquals(expectedText, text, arch + " " + type + " greedy continuation of " + Arrays.toString(ids));
        }
    }

    private static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    private static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
