package io.sluice.tools.demo;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufReader;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.embedded.kvcache.KvCache;
import io.sluice.engine.embedded.model.ModelConfig;
import io.sluice.engine.embedded.model.ModelWeights;
import io.sluice.engine.embedded.model.Transformer;
import io.sluice.engine.embedded.template.ChatTemplate;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.embedded.tokenizer.Tokenizers;
import io.sluice.engine.spi.ChatMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model files in src/main/resources/models/: intact, self-describing, and answering through Sluice's engine. */
class ShippedDemoModelTest {

    private static final Path DIR = Path.of("src/main/resources/models");

    @ParameterizedTest
    @ValueSource(strings = {"sluice-demo.gguf", "sluice-demo-f16.gguf"})
    void matchesItsHashAndDescribesItself(String name) throws Exception {
        Path file = DIR.resolve(name);
        String expected = Files.readString(DIR.resolve(name + ".sha256"), StandardCharsets.US_ASCII).trim()
                .split("\\s+")[0];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            sha.update(in.readAllBytes());
        }
        assertEquals(expected, HexFormat.of().formatHex(sha.digest()), name + " differs from its .sha256");
        assertTrue(Files.size(file) < 50L << 20, name + " is over 50 MB");

        try (GgufFile gguf = GgufReader.open(file)) {
            var md = gguf.metadata();
            assertEquals(DemoModel.NAME, md.getString("general.name"));
            assertEquals("llama", md.getString("general.architecture"));
            assertEquals(DemoModel.chatTemplateSource(), md.getString(ChatTemplate.GGUF_KEY));
            Tokenizer tokenizer = Tokenizers.fromGguf(md);
            assertEquals(tokenizer.vocabulary().id(DemoModel.IM_END).orElseThrow(), tokenizer.eos().orElseThrow());
            assertEquals(name.contains("f16") ? GgmlType.F16 : GgmlType.Q8_0,
                    gguf.tensor("blk.0.attn_q.weight").type());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sluice-demo.gguf", "sluice-demo-f16.gguf"})
    void answersACapitalQuestionThroughSluicesEngine(String name) {
        try (GgufFile gguf = GgufReader.open(DIR.resolve(name)); KernelPool pool = new KernelPool(1)) {
            ModelConfig config = ModelConfig.from(gguf);
            Tokenizer tokenizer = Tokenizers.fromGguf(gguf.metadata());
            Transformer model = new Transformer(config, ModelWeights.load(gguf, config, pool),
                    new KvCache(config.layers(), config.kvWidth(), 16, 8), pool);
            int[] prompt = new ConversationEncoder(ChatTemplate.fromGguf(gguf.metadata(), DemoModel.END_OF_TEXT,
                    DemoModel.IM_END), tokenizer, tokenizer.eos().orElseThrow())
                    .prompt(List.of(new ChatMessage("user", "What is the capital of Texas?")));
            BlockTable table = new BlockTable(model.cache());
            table.ensureCapacity(prompt.length + 32);
            float[] logits = model.forward(List.of(new Transformer.Chunk(table, prompt, 0, true)))[0];
            List<Integer> reply = new ArrayList<>();
            for (int pos = prompt.length; pos < prompt.length + 32; pos++) {
                int next = 0;
                for (int i = 1; i < logits.length; i++) {
                    next = logits[i] > logits[next] ? i : next;
                }
                if (tokenizer.isEndOfGeneration(next)) {
                    break;
                }
                reply.add(next);
                logits = model.forward(List.of(new Transformer.Chunk(table, new int[] {next}, pos, true)))[0];
            }
            String text = new String(tokenizer.decode(reply.stream().mapToInt(Integer::intValue).toArray()),
                    StandardCharsets.UTF_8);
            assertTrue(text.contains("Austin"), text);
        }
    }
}
