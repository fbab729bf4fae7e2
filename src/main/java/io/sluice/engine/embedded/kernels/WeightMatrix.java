package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

/** A 2-D weight tensor: {@code rows} output features of {@code cols} inputs each. */
public interface WeightMatrix {
    int rows();

    int cols();

    GgmlType type();

    long residentBytes();

    /** For every {@code b < batch}: {@code out[b*rows + r] = Σ_c W[r][c] * x[b*cols + c]}. */
    void multiply(float[] x, int batch, float[] out);

    /** Dequantizes row {@code r} into {@code dst[offset .. offset+cols)}. */
    void row(int r, float[] dst, int offset);
}
