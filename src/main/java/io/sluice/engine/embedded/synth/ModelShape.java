package io.sluice.engine.embedded.synth;

/**
 * The hyper-parameters of a decoder-only transformer, as a GGUF file states them.
 *
 * @param architecture      {@code llama}, {@code qwen2} or {@code qwen3}
 * @param name              {@code general.name}
 * @param embeddingLength   model width
 * @param blockCount        layers
 * @param headCount         query heads
 * @param headCountKv       key/value heads (grouped-query attention when fewer than {@code headCount})
 * @param headDim           per-head width ({@code embeddingLength / headCount} unless the architecture says
 *                          otherwise, as Qwen3 does)
 * @param feedForwardLength SwiGLU hidden width
 * @param contextLength     trained context
 * @param ropeFreqBase      RoPE base frequency
 * @param rmsEps            RMSNorm epsilon
 * @param tiedEmbeddings    true when the output projection reuses {@code token_embd.weight}
 * @param llama3RopeScaling Llama 3.1-style frequency scaling, or null
 */
public record ModelShape(String architecture, String name, int embeddingLength, int blockCount, int headCount,
                         int headCountKv, int headDim, int feedForwardLength, int contextLength, float ropeFreqBase,
                         float rmsEps, boolean tiedEmbeddings, Llama3RopeScaling llama3RopeScaling) {

    /** Llama 3.1's rope scaling (stored in GGUF as {@code rope_freqs.weight} computed from these). */
    public record Llama3RopeScaling(float factor, float lowFreqFactor, float highFreqFactor,
                                    int originalContextLength) {
    }

    public ModelShape {
        if (!architecture.equals("llama") && !architecture.equals("qwen2") && !architecture.equals("qwen3")) {
            throw new IllegalArgumentException("unsupported architecture " + architecture);
        }
        if (headCount % headCountKv != 0) {
            throw new IllegalArgumentException("headCount must be a multiple of headCountKv");
        }
    }

    /** A small model for tests: every width a multiple of 256 so that K-quant types fit. */
    public static ModelShape tiny(String architecture) {
        return new ModelShape(architecture, "sluice-tiny-" + architecture, 256, 2, 4, 2, 64, 512, 512,
                architecture.equals("llama") ? 10000f : 1000000f, 1e-5f, !architecture.equals("llama"), null);
    }

    /** Qwen2.5-0.5B's shape (for benchmarks with random weights). */
    public static ModelShape qwen25HalfB() {
        return new ModelShape("qwen2", "qwen2.5-0.5b-shape", 896, 24, 14, 2, 64, 4864, 32768, 1000000f, 1e-6f,
                true, null);
    }

    public int queryWidth() {
        return headCount * headDim;
    }

    public int kvWidth() {
        return headCountKv * headDim;
    }

    public ModelShape withName(String newName) {
        return new ModelShape(architecture, newName, embeddingLength, blockCount, headCount, headCountKv, headDim,
                feedForwardLength, contextLength, ropeFreqBase, rmsEps, tiedEmbeddings, llama3RopeScaling);
    }

    public ModelShape withTiedEmbeddings(boolean tied) {
        return new ModelShape(architecture, name, embeddingLength, blockCount, headCount, headCountKv, headDim,
                feedForwardLength, contextLength, ropeFreqBase, rmsEps, tied, llama3RopeScaling);
    }

    public ModelShape withLlama3RopeScaling(Llama3RopeScaling scaling) {
        return new ModelShape(architecture, name, embeddingLength, blockCount, headCount, headCountKv, headDim,
                feedForwardLength, contextLength, ropeFreqBase, rmsEps, tiedEmbeddings, scaling);
    }
}
