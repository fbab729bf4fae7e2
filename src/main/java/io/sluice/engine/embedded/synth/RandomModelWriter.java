package io.sluice.engine.embedded.synth;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.gguf.GgufWriter;
import io.sluice.engine.embedded.kernels.Quantizers;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a GGUF model of a given {@link ModelShape} with seeded Gaussian weights. Two-dimensional weights use the
 * requested type; norms, biases and rope factors stay F32 as in converted models.
 *
 * <p>Scales: projections get a standard deviation of {@code 1/sqrt(inputs)} so activations stay of order one through
 * the layers; the output projection gets {@code outputStd}, which sets how far apart the logits are (wide gaps make
 * greedy decoding robust to rounding differences between engines).
 */
public final class RandomModelWriter {

    /** Default standard deviation of the output projection: logits spread of about 4 for a 256-wide model. */
    public static final float DEFAULT_OUTPUT_STD = 0.25f;

    private RandomModelWriter() {
    }

    public static void write(Path out, ModelShape shape, GgmlType weightType, Map<String, GgufValue> tokenizerMetadata,
                             long seed) {
        write(out, shape, weightType, tokenizerMetadata, seed, DEFAULT_OUTPUT_STD);
    }

    public static void write(Path out, ModelShape shape, GgmlType weightType, Map<String, GgufValue> tokenizerMetadata,
                             long seed, float outputStd) {
        build(shape, weightType, null, tokenizerMetadata, seed, outputStd).write(out);
    }

    /**
     * As {@link #write}, but a matrix whose rows are not a whole number of {@code weightType} blocks (a K-quant's 256
     * on a width like Qwen2.5-0.5B's 896) is stored as {@code fallbackType}, as llama.cpp's quantizer falls back for
     * such tensors (it picks Q5_0 for Q4_K; Sluice reads Q4_0, of the same 4.5 bits per weight).
     */
    public static void writeWithFallback(Path out, ModelShape shape, GgmlType weightType, GgmlType fallbackType,
                                         Map<String, GgufValue> tokenizerMetadata, long seed) {
        build(shape, weightType, fallbackType, tokenizerMetadata, seed, DEFAULT_OUTPUT_STD).write(out);
    }

    static GgufWriter build(ModelShape shape, GgmlType weightType, Map<String, GgufValue> tokenizerMetadata, long seed,
                            float outputStd) {
        return build(shape, weightType, null, tokenizerMetadata, seed, outputStd);
    }

    private static GgufWriter build(ModelShape shape, GgmlType requestedType, GgmlType fallbackType,
                                    Map<String, GgufValue> tokenizerMetadata, long seed, float outputStd) {
        GgufValue tokens = tokenizerMetadata.get("tokenizer.ggml.tokens");
        if (tokens == null) {
            throw new IllegalArgumentException("tokenizer metadata lacks tokenizer.ggml.tokens");
        }
        int vocab = tokens.arrayLength();
        String arch = shape.architecture();
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", arch);
        w.putString("general.name", shape.name());
        w.putUInt32("general.file_type", fileType(requestedType));
        java.util.function.IntFunction<GgmlType> weightType = cols -> {
            if (cols % requestedType.blockSize() == 0) {
                return requestedType;
            }
            if (fallbackType == null || cols % fallbackType.blockSize() != 0) {
                throw new IllegalArgumentException("rows of " + cols + " weights are not a whole number of "
                        + requestedType + " blocks" + (fallbackType == null ? "; give a fallback type" : ""));
            }
            return fallbackType;
        };
        w.putUInt32(arch + ".context_length", shape.contextLength());
        w.putUInt32(arch + ".embedding_length", shape.embeddingLength());
        w.putUInt32(arch + ".block_count", shape.blockCount());
        w.putUInt32(arch + ".feed_forward_length", shape.feedForwardLength());
        w.putUInt32(arch + ".attention.head_count", shape.headCount());
        w.putUInt32(arch + ".attention.head_count_kv", shape.headCountKv());
        w.putUInt32(arch + ".attention.key_length", shape.headDim());
        w.putUInt32(arch + ".attention.value_length", shape.headDim());
        w.putFloat32(arch + ".attention.layer_norm_rms_epsilon", shape.rmsEps());
        w.putFloat32(arch + ".rope.freq_base", shape.ropeFreqBase());
        w.putUInt32(arch + ".rope.dimension_count", shape.headDim());
        w.putUInt32(arch + ".vocab_size", vocab);
        tokenizerMetadata.forEach(w::put);

        SplittableRandom random = new SplittableRandom(seed);
        int dim = shape.embeddingLength();
        // With tied embeddings token_embd.weight is also the output projection, so it takes the output scale.
        matrix(w, "token_embd.weight", weightType.apply(dim), dim, vocab, shape.tiedEmbeddings() ? outputStd : 1f, random);
        vector(w, "output_norm.weight", dim, 1f, 0.1f, random);
        if (!shape.tiedEmbeddings()) {
            matrix(w, "output.weight", weightType.apply(dim), dim, vocab, outputStd, random);
        }
        if (shape.llama3RopeScaling() != null) {
            w.addTensor("rope_freqs.weight", GgmlType.F32, new long[] {shape.headDim() / 2},
                    f32(llama3RopeFactors(shape)));
        }
        int q = shape.queryWidth();
        int kv = shape.kvWidth();
        int ffn = shape.feedForwardLength();
        for (int layer = 0; layer < shape.blockCount(); layer++) {
            String p = "blk." + layer + ".";
            vector(w, p + "attn_norm.weight", dim, 1f, 0.1f, random);
            matrix(w, p + "attn_q.weight", weightType.apply(dim), dim, q, (float) (1 / Math.sqrt(dim)), random);
            matrix(w, p + "attn_k.weight", weightType.apply(dim), dim, kv, (float) (1 / Math.sqrt(dim)), random);
            matrix(w, p + "attn_v.weight", weightType.apply(dim), dim, kv, (float) (1 / Math.sqrt(dim)), random);
            if (arch.equals("qwen2")) {
                vector(w, p + "attn_q.bias", q, 0f, 0.1f, random);
                vector(w, p + "attn_k.bias", kv, 0f, 0.1f, random);
                vector(w, p + "attn_v.bias", kv, 0f, 0.1f, random);
            }
            if (arch.equals("qwen3")) {
                vector(w, p + "attn_q_norm.weight", shape.headDim(), 1f, 0.1f, random);
                vector(w, p + "attn_k_norm.weight", shape.headDim(), 1f, 0.1f, random);
            }
            matrix(w, p + "attn_output.weight", weightType.apply(q), q, dim, (float) (1 / Math.sqrt(q)), random);
            vector(w, p + "ffn_norm.weight", dim, 1f, 0.1f, random);
            matrix(w, p + "ffn_gate.weight", weightType.apply(dim), dim, ffn, (float) (1 / Math.sqrt(dim)), random);
            matrix(w, p + "ffn_up.weight", weightType.apply(dim), dim, ffn, (float) (1 / Math.sqrt(dim)), random);
            matrix(w, p + "ffn_down.weight", weightType.apply(ffn), ffn, dim, (float) (1 / Math.sqrt(ffn)), random);
        }
        return w;
    }

    /** Llama 3.1's per-frequency divisors, as the Hugging Face converter computes them. */
    static float[] llama3RopeFactors(ModelShape shape) {
        ModelShape.Llama3RopeScaling s = shape.llama3RopeScaling();
        int half = shape.headDim() / 2;
        float[] factors = new float[half];
        double lowFreqWavelen = s.originalContextLength() / s.lowFreqFactor();
        double highFreqWavelen = s.originalContextLength() / s.highFreqFactor();
        for (int i = 0; i < half; i++) {
            double freq = Math.pow(shape.ropeFreqBase(), -2.0 * i / shape.headDim());
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highFreqWavelen) {
                factors[i] = 1f;
            } else if (wavelen > lowFreqWavelen) {
                factors[i] = s.factor();
            } else {
                double smooth = (s.originalContextLength() / wavelen - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                factors[i] = (float) (1 / ((1 - smooth) / s.factor() + smooth));
            }
        }
        return factors;
    }

    private static void matrix(GgufWriter w, String name, GgmlType type, int cols, int rows, float std,
                               SplittableRandom random) {
        float[] values = new float[Math.multiplyExact(cols, rows)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        w.addTensor(name, type, new long[] {cols, rows}, Quantizers.quantize(type, values));
    }

    private static void vector(GgufWriter w, String name, int n, float mean, float std, SplittableRandom random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (mean + random.nextGaussian() * std);
        }
        w.addTensor(name, GgmlType.F32, new long[] {n}, f32(values));
    }

    private static byte[] f32(float[] values) {
        return Quantizers.quantize(GgmlType.F32, values);
    }

    /** llama.cpp's {@code llama_ftype} for a file whose matrices are all of {@code type}. */
    private static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case Q4_K -> 15;
            case Q6_K -> 18;
            case BF16 -> 32;
            default -> throw new IllegalArgumentException("no synthetic models of type " + type);
        };
    }
}
