package io.sluice.engine.embedded.parity;

import io.sluice.engine.embedded.EmbeddedModel;
import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.embedded.kvcache.KvCache;
import io.sluice.engine.embedded.model.Transformer;
import io.sluice.engine.embedded.synth.ModelShape;
import io.sluice.engine.embedded.synth.RandomModelWriter;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds, for each parity fixture, the first seed whose greedy path (on our engine) keeps every top-two logit gap
 * above {@link LlamaCppParityTest#MIN_GAP} with a margin, and prints the table for {@link LlamaCppParityTest#SEEDS}.
 * A maintenance tool, run by hand when fixtures change:
 * {@code java -cp … io.sluice.engine.embedded.parity.ParitySeeds}.
 */
public final class ParitySeeds {

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("parity-seeds");
        try (KernelPool pool = new KernelPool(2)) {
            for (Arguments a : LlamaCppParityTest.fixtures().toList()) {
                String arch = (String) a.get()[0];
                GgmlType type = (GgmlType) a.get()[1];
                String tokenizer = (String) a.get()[2];
                String name = arch + "-" + type + "-" + tokenizer;
                for (long seed = 1; seed < 500; seed++) {
                    Path file = dir.resolve(name + ".gguf");
                    RandomModelWriter.write(file, ModelShape.tiny(arch).withName(name), type,
                            LlamaCppParityTest.tokenizer(tokenizer), seed);
                    float gap = minGap(EmbeddedModel.load(file, pool), pool);
                    if (gap >= 2 * LlamaCppParityTest.MIN_GAP) {
                        System.out.printf("            Map.entry(\"%s\", %dL),  // min gap %.3f%n", name, seed, gap);
                        break;
                    }
                }
            }
        }
    }

    static float minGap(EmbeddedModel model, KernelPool pool) {
        Transformer t = new Transformer(model.config(), model.weights(),
                new KvCache(model.config().layers(), model.config().kvWidth(), 16, 48), pool);
        int[] prompt = model.tokenizer().encode(LlamaCppParityTest.PROMPT, false, true);
        BlockTable table = new BlockTable(t.cache());
        table.ensureCapacity(prompt.length + LlamaCppParityTest.STEPS);
        float[] logits = t.forward(List.of(new Transformer.Chunk(table, prompt, 0, true)))[0];
        float min = Float.MAX_VALUE;
        for (int i = 0; i < LlamaCppParityTest.STEPS; i++) {
            LlamaCppParityTest.maskEndOfGeneration(logits, model);
            int[] top = LlamaCppParityTest.topTwo(logits);
            min = Math.min(min, logits[top[0]] - logits[top[1]]);
            if (min < 2 * LlamaCppParityTest.MIN_GAP) {
                return min;
            }
            logits = t.forward(List.of(new Transformer.Chunk(table, new int[] {top[0]}, prompt.length + i, true)))[0];
        }
        return min;
    }
}
