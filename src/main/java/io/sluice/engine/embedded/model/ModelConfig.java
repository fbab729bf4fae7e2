package io.sluice.engine.embedded.model;

import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufFormatException;
import io.sluice.engine.embedded.gguf.GgufMetadata;

import java.util.Set;

/**
 * The hyper-parameters of a decoder-only transformer, read once from GGUF metadata and checked.
 *
 * @param architecture   {@code general.architecture}
 * @param name           {@code general.name}, or the file name when absent
 * @param dim            model width (embedding length)
 * @param layers         number of blocks
 * @param heads          query heads
 * @param kvHeads        key/value heads
 * @param headDim        width of one head
 * @param ropeDims       how many dimensions of each head are rotated (usually {@code headDim})
 * @param ffnDim         feed-forward hidden width
 * @param vocabSize      rows of the output projection
 * @param contextLength  trained context length
 * @param ropeBase       RoPE base frequency
 * @param ropeScale      linear position scale (1 unless {@code rope.scaling.type} is linear)
 * @param rmsEps         RMSNorm epsilon
 * @param ropeStyle      how dimensions are paired
 * @param qkvBias        whether q/k/v projections have biases (qwen2)
 * @param qkNorm         whether q and k get a per-head RMSNorm (qwen3)
 */
public record ModelConfig(String architecture, String name, int dim, int layers, int heads, int kvHeads, int headDim,
                          int ropeDims, int ffnDim, int vocabSize, int contextLength, float ropeBase, float ropeScale,
                          float rmsEps, RopeStyle ropeStyle, boolean qkvBias, boolean qkNorm) {

    public static final Set<String> ARCHITECTURES = Set.of("llama", "qwen2", "qwen3");

    public int queryWidth() {
        return heads * headDim;
    }

    public int kvWidth() {
        return kvHeads * headDim;
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    public static ModelConfig from(GgufFile file) {
        GgufMetadata m = file.metadata();
        String arch = m.getString("general.architecture");
        if (!ARCHITECTURES.contains(arch)) {
            throw m.fail("general.architecture", "is '" + arch + "', which this engine does not run (supported: "
                    + String.join(", ", ARCHITECTURES.stream().sorted().toList()) + ")");
        }
        String p = arch + ".";
        int dim = positive(m, p + "embedding_length");
        int layers = positive(m, p + "block_count");
        int heads = positive(m, p + "attention.head_count");
        int kvHeads = m.contains(p + "attention.head_count_kv") ? positive(m, p + "attention.head_count_kv") : heads;
        if (heads % kvHeads != 0) {
            throw m.fail(p + "attention.head_count_kv", "= " + kvHeads + " does not divide the head count " + heads);
        }
        int headDim = m.contains(p + "attention.key_length") ? positive(m, p + "attention.key_length") : dim / heads;
        if (m.contains(p + "attention.value_length") && m.getInt(p + "attention.value_length") != headDim) {
            throw m.fail(p + "attention.value_length", "differs from the key length " + headDim
                    + "; this engine needs them equal");
        }
        if (headDim % 2 != 0) {
            throw m.fail(p + "attention.key_length", "must be even for rotary embeddings, got " + headDim);
        }
        int ropeDims = m.contains(p + "rope.dimension_count") ? positive(m, p + "rope.dimension_count") : headDim;
        if (ropeDims > headDim || ropeDims % 2 != 0) {
            throw m.fail(p + "rope.dimension_count", "= " + ropeDims + " must be even and at most the head width "
                    + headDim);
        }
        int ffn = positive(m, p + "feed_forward_length");
        int context = positive(m, p + "context_length");
        float ropeBase = m.getFloat(p + "rope.freq_base", 10000f);
        float ropeScale = 1f;
        String scalingType = m.findString(p + "rope.scaling.type").orElse("none");
        switch (scalingType) {
            case "none" -> {
            }
            case "linear" -> {
                float factor = m.getFloat(p + "rope.scaling.factor", 1f);
                if (!(factor > 0)) {
                    throw m.fail(p + "rope.scaling.factor", "must be positive, got " + factor);
                }
                ropeScale = 1f / factor;
            }
            default -> throw m.fail(p + "rope.scaling.type", "is '" + scalingType
                    + "', which this engine does not support (none, linear)");
        }
        float eps = m.getFloat(p + "attention.layer_norm_rms_epsilon", 1e-5f);
        int vocab = (int) file.tensor("token_embd.weight").dim(1);
        if (file.tensors().containsKey("token_embd.weight") && file.tensor("token_embd.weight").dim(0) != dim) {
            throw new GgufFormatException(file.path() + ": tensor 'token_embd.weight' has rows of "
                    + file.tensor("token_embd.weight").dim(0) + " but the embedding length is " + dim);
        }
        String name = m.findString("general.name").orElse(file.path().getFileName().toString());
        RopeStyle style = arch.equals("llama") ? RopeStyle.ADJACENT_PAIRS : RopeStyle.HALVES;
        return new ModelConfig(arch, name, dim, layers, heads, kvHeads, headDim, ropeDims, ffn, vocab, context,
                ropeBase, ropeScale, eps, style, arch.equals("qwen2"), arch.equals("qwen3"));
    }

    private static int positive(GgufMetadata m, String key) {
        int v = m.getInt(key);
        if (v <= 0) {
            throw m.fail(key, "must be positive, got " + v);
        }
        return v;
    }
}
