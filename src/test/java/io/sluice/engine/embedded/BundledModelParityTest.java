package io.sluice.engine.embedded;

import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.embedded.kvcache.KvCache;
import io.sluice.engine.embedded.model.Transformer;
import io.sluice.engine.embedded.testing.LlamaCppOracle;
import io.sluice.engine.spi.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped demo model (the GGUF inside the build) under llama.cpp and under Sluice: the same prompt ids for a
 * fixed chat prompt, and the same greedy reply token for token (compared as the text llama.cpp streams).
 */
class BundledModelParityTest {

    @TempDir
    Path cache;

    @Test
    void llamaCppAndSluiceGiveTheSameGreedyReply() {
        Path file = BundledModel.extract(cache).orElseThrow(() -> new AssertionError("this build carries no model"));
        List<ChatMessage> chat = List.of(new ChatMessage("user", "What is the capital of Oregon?"));
        try (KernelPool pool = new KernelPool(2)) {
            EmbeddedModel model = EmbeddedModel.load(file, pool);
            EmbeddedCodec codec = new EmbeddedCodec(model.tokenizer(), model.template());
            int[] prompt = codec.encodeChat(chat, true);
            String rendered = codec.renderChat(chat, true);

            int steps = 48;
            String theirs;
            try (LlamaCppOracle oracle = LlamaCppOracle.forGeneration(file, 512)) {
                assertArrayEquals(oracle.encode(rendered), prompt, "prompt token ids");
                theirs = oracle.greedy(prompt, steps);
            }

            Transformer t = new Transformer(model.config(), model.weights(),
                    new KvCache(model.config().layers(), model.config().kvWidth(), 16, 64), pool);
            BlockTable table = new BlockTable(t.cache());
            table.ensureCapacity(prompt.length + steps);
            float[] logits = t.forward(List.of(new Transformer.Chunk(table, prompt, 0, true)))[0];
            List<byte[]> pieces = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                for (int id = 0; id < logits.length; id++) {
                    if (model.tokenizer().isEndOfGeneration(id)) {
                        logits[id] = Float.NEGATIVE_INFINITY;   // as the oracle's ignore_eos does
                    }
                }
                int next = argMax(logits);
                pieces.add(model.tokenizer().isControl(next) ? new byte[0] : model.tokenizer().decode(next));
                logits = t.forward(List.of(new Transformer.Chunk(table, new int[] {next}, prompt.length + i, true)))[0];
            }
            String ours = LlamaCppOracle.streamedText(pieces);
            assertEquals(theirs, ours);
            assertTrue(ours.contains("Salem"), "the demo model knows Oregon's capital: " + ours);
        }
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
