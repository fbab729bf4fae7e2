package io.sluice.tools.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufReader;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.embedded.kvcache.KvCache;
import io.sluice.engine.embedded.model.ModelConfig;
import io.sluice.engine.embedded.model.ModelWeights;
import io.sluice.engine.embedded.model.RopeStyle;
import io.sluice.engine.embedded.model.Transformer;
import io.sluice.engine.embedded.template.ChatTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WriteGguf on a tiny model exported the way train.py exports one. */
class WriteGgufTest {

    private static final int DIM = 64;
    private static final int FFN = 96;
    private static final int HEADS = 4;

    @TempDir
    static Path dir;

    static Path weights;
    static Map<String, float[]> values = new LinkedHashMap<>();

    @BeforeAll
    static void exportTinyModel() throws IOException {
        int vocab = TinyVocabulary.tokenizer().size();
        weights = Files.createDirectories(dir.resolve("weights"));
        ObjectNode manifest = ChatCorpus.JSON.createObjectNode();
        manifest.put("format", WeightsManifest.FORMAT).put("architecture", "llama").put("context_length", 128)
                .put("embedding_length", DIM).put("block_count", 1).put("feed_forward_length", FFN)
                .put("head_count", HEADS).put("head_count_kv", HEADS).put("head_dim", DIM / HEADS)
                .put("rope_freq_base", 10000.0).put("rms_eps", 1e-5).put("vocab_size", vocab)
                .put("tied_embeddings", true);
        ArrayNode tensors = manifest.putArray("tensors");
        SplittableRandom random = new SplittableRandom(3);
        tensor(tensors, random, "token_embd.weight", vocab, DIM);
        tensor(tensors, random, "output_norm.weight", DIM);
        for (String n : List.of("attn_q", "attn_k", "attn_v", "attn_output")) {
            tensor(tensors, random, "blk.0." + n + ".weight", DIM, DIM);
        }
        tensor(tensors, random, "blk.0.attn_norm.weight", DIM);
        tensor(tensors, random, "blk.0.ffn_norm.weight", DIM);
        tensor(tensors, random, "blk.0.ffn_gate.weight", FFN, DIM);
        tensor(tensors, random, "blk.0.ffn_up.weight", FFN, DIM);
        tensor(tensors, random, "blk.0.ffn_down.weight", DIM, FFN);
        ChatCorpus.JSON.writeValue(weights.resolve("manifest.json").toFile(), manifest);
    }

    private static void tensor(ArrayNode tensors, SplittableRandom random, String name, int... shape)
            throws IOException {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = shape.length == 1 ? 1f + (float) random.nextGaussian() * 0.1f : (float) random.nextGaussian() * 0.1f;
        }
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Files.write(weights.resolve(name + ".f32"), b.array());
        values.put(name, v);
        ObjectNode t = tensors.addObject().put("name", name).put("file", name + ".f32");
        ArrayNode s = t.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
    }

    private static Path write(GgmlType type) {
        Path out = dir.resolve("tiny-" + type + ".gguf");
        WriteGguf.build(WeightsManifest.read(weights), withTemplate(), type).write(out);
        return out;
    }

    private static Map<String, io.sluice.engine.embedded.gguf.GgufValue> withTemplate() {
        var md = new LinkedHashMap<>(TinyVocabulary.METADATA);
        md.put(ChatTemplate.GGUF_KEY, io.sluice.engine.embedded.gguf.GgufValue.ofString(DemoModel.chatTemplateSource()));
        return md;
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "F16", "F32"})
    void writesALlamaFileWithTheTokenizerTemplateAndTiedEmbeddings(GgmlType type) {
        try (GgufFile file = GgufReader.open(write(type))) {
            var md = file.metadata();
            assertEquals("llama", md.getString("general.architecture"));
            assertEquals(DemoModel.NAME, md.getString("general.name"));
            assertEquals(DemoModel.chatTemplateSource(), md.getString(ChatTemplate.GGUF_KEY));
            assertEquals("gpt2", md.getString("tokenizer.ggml.model"));
            assertEquals(TinyVocabulary.tokenizer().vocabulary().id(DemoModel.IM_END).orElseThrow(),
                    md.getInt("tokenizer.ggml.eos_token_id"));
            assertFalse(file.tensors().containsKey("output.weight"));
            assertEquals(type, file.tensor("blk.0.ffn_down.weight").type());
            assertEquals(GgmlType.F32, file.tensor("blk.0.ffn_norm.weight").type());
            assertArrayEquals(new long[] {FFN, DIM}, file.tensor("blk.0.ffn_down.weight").dims());
            assertArrayEquals(new long[] {DIM, FFN}, file.tensor("blk.0.ffn_up.weight").dims());

            ModelConfig config = ModelConfig.from(file);
            assertEquals(RopeStyle.ADJACENT_PAIRS, config.ropeStyle());
            assertEquals(DIM / HEADS, config.headDim());
            assertEquals(TinyVocabulary.tokenizer().size(), config.vocabSize());
        }
    }

    @Test
    void q8_0WeightsDecodeToTheTrainedValuesWithinOneStep() {
        try (GgufFile file = GgufReader.open(write(GgmlType.Q8_0))) {
            byte[] raw = file.readAll(file.tensor("blk.0.ffn_down.weight"));
            float[] expected = values.get("blk.0.ffn_down.weight"); // [DIM rows][FFN cols], row-major
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            for (int block = 0; block < expected.length / 32; block++) {
                float d = Float.float16ToFloat(b.getShort());
                for (int i = 0; i < 32; i++) {
                    float x = expected[block * 32 + i];
                    assertEquals(x, d * b.get(), d * 0.5f + 1e-3f * Math.abs(x));
                }
            }
        }
    }

    @Test
    void sluiceRunsTheF16File() {
        try (GgufFile file = GgufReader.open(write(GgmlType.F16)); KernelPool pool = new KernelPool(1)) {
            ModelConfig config = ModelConfig.from(file);
            ModelWeights w = ModelWeights.load(file, config, pool);
            assertTrue(w.output() == w.tokenEmbedding(), "tied embeddings share one matrix");
            Transformer model = new Transformer(config, w, new KvCache(1, config.kvWidth(), 16, 8), pool);
            BlockTable table = new BlockTable(model.cache());
            table.ensureCapacity(16);
            int[] prompt = new ConversationEncoder(DemoModel.chatTemplate(), TinyVocabulary.tokenizer(),
                    TinyVocabulary.tokenizer().eos().orElseThrow())
                    .prompt(List.of(new io.sluice.engine.spi.ChatMessage("user", "Hello!")));
            float[] logits = model.forward(List.of(new Transformer.Chunk(table, prompt, 0, true)))[0];
            assertEquals(config.vocabSize(), logits.length);
            for (float l : logits) {
                assertTrue(Float.isFinite(l));
            }
        }
    }

    @Test
    void aTokenizerOfAnotherSizeIsRefused() {
        var md = new LinkedHashMap<>(withTemplate());
        md.put("tokenizer.ggml.tokens", io.sluice.engine.embedded.gguf.GgufValue.ofStrings("a", "b"));
        assertThrows(IllegalArgumentException.class,
                () -> WriteGguf.build(WeightsManifest.read(weights), md, GgmlType.F16));
    }
}
