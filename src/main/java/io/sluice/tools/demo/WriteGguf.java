package io.sluice.tools.demo;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufReader;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.gguf.GgufWriter;
import io.sluice.engine.embedded.kernels.Quantizers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step 5 of the demo model's recipe: writes the trained weights ({@link WeightsManifest}) and the trained
 * vocabulary ({@code tokenizer.gguf} from {@link PrepareCorpus}) as a GGUF {@code llama} model: matrices in the
 * requested type (Q8_0, F16 or F32, by the kernels' reference quantizers, byte-identical to ggml's), norms in F32,
 * the hyper-parameters under {@code llama.*}, the tokenizer and the chat template under {@code tokenizer.*}. The
 * output projection is tied to {@code token_embd.weight}, so the file has no {@code output.weight} (llama.cpp and
 * Sluice both fall back to the embeddings).
 */
public final class WriteGguf {

    private static final String USAGE =
            "usage: WriteGguf --weights DIR --tokenizer tokenizer.gguf --out FILE.gguf [--type Q8_0|F16|F32]";

    private WriteGguf() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, USAGE);
        GgmlType type = GgmlType.valueOf(args.string("type", "Q8_0"));
        Map<String, GgufValue> tokenizer;
        try (GgufFile file = GgufReader.open(args.path("tokenizer"))) {
            tokenizer = new LinkedHashMap<>(file.metadata().asMap());
        }
        Path out = args.path("out");
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        build(WeightsManifest.read(args.path("weights")), tokenizer, type).write(out);
        System.out.printf("[write-gguf] %s: %s, %,d bytes%n", out, type, Files.size(out));
    }

    /** The GGUF file for these weights; {@code tokenizer} holds the {@code tokenizer.*} keys to copy. */
    static GgufWriter build(WeightsManifest m, Map<String, GgufValue> tokenizer, GgmlType type) {
        if (!m.architecture().equals("llama")) {
            throw new IllegalArgumentException("expected a llama model, the manifest says " + m.architecture());
        }
        GgufValue tokens = tokenizer.get("tokenizer.ggml.tokens");
        if (tokens == null || tokens.arrayLength() != m.vocabSize()) {
            throw new IllegalArgumentException("the tokenizer has " + (tokens == null ? 0 : tokens.arrayLength())
                    + " tokens, the weights " + m.vocabSize());
        }
        String p = "llama.";
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "llama");
        w.putString("general.name", DemoModel.NAME);
        w.putString("general.description", "Sluice's bundled demo model: a tiny chat model trained from scratch on "
                + "synthetic conversations by the recipe in src/training/ (see docs/MODELS.md)");
        w.putUInt32("general.file_type", fileType(type));
        if (type == GgmlType.Q8_0) {
            w.putUInt32("general.quantization_version", 2);
        }
        w.putUInt32(p + "context_length", m.contextLength());
        w.putUInt32(p + "embedding_length", m.embeddingLength());
        w.putUInt32(p + "block_count", m.blockCount());
        w.putUInt32(p + "feed_forward_length", m.feedForwardLength());
        w.putUInt32(p + "attention.head_count", m.headCount());
        w.putUInt32(p + "attention.head_count_kv", m.headCountKv());
        w.putUInt32(p + "attention.key_length", m.headDim());
        w.putUInt32(p + "attention.value_length", m.headDim());
        w.putFloat32(p + "attention.layer_norm_rms_epsilon", m.rmsEps());
        w.putFloat32(p + "rope.freq_base", m.ropeFreqBase());
        w.putUInt32(p + "rope.dimension_count", m.headDim());
        w.putUInt32(p + "vocab_size", m.vocabSize());
        tokenizer.forEach((key, value) -> {
            if (key.startsWith("tokenizer.")) {
                w.put(key, value);
            }
        });
        for (WeightsManifest.Tensor t : m.tensors()) {
            GgmlType tensorType = t.shape().length == 2 ? type : GgmlType.F32;
            w.addTensor(t.name(), tensorType, t.ggufDims(), Quantizers.quantize(tensorType, t.read()));
        }
        return w;
    }

    /** llama.cpp's {@code llama_ftype} for a file whose matrices are all of {@code type}. */
    private static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q8_0 -> 7;
            default -> throw new IllegalArgumentException("the demo model is not written as " + type);
        };
    }
}
