package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

/**
 * A 2-D weight tensor resident in JVM heap arrays: {@code rows()} output features (GGUF {@code dims[1]}) of
 * {@code cols()} input features each (GGUF {@code dims[0]}, the contiguous dimension). Immutable; safe to share.
 */
public interface WeightMatrix {

    /** Output features. */
    int rows();

    /** Input features. */
    int cols();

    /** The ggml type the weights are stored in. */
    GgmlType type();

    /** Bytes of heap arrays this matrix holds. */
    long residentBytes();

    /**
     * {@code out[b * rows + r] = sum_c W[r][c] * x[b * cols + c]} for every {@code b < batch}.
     *
     * <p>Activations are first rounded to the format's llama.cpp {@code vec_dot_type} (Q8_0 blocks for Q8_0 and
     * Q4_0 weights, Q8_K for Q4_K and Q6_K, fp16 for F16, bf16 for BF16, none for F32) and the products summed as
     * llama.cpp does; results for one batch row do not depend on the batch size or thread count (bit-identical).
     * The weights are read once per call for all batch rows; rows are split over the matrix's pool.
     */
    void multiply(float[] x, int batch, float[] out);

    /** Dequantizes row {@code r} (all {@code cols()} values) into {@code dst[offset..]}; exact. */
    void row(int r, float[] dst, int offset);
}
