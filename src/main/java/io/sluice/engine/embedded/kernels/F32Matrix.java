package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

/**
 * F32 weights. Columns padded with zeros to a multiple of 32; per group and 32-column block {@code j} the group's
 * rows' 32 floats back to back (row {@code k} at {@code (j * GROUP + k) * 32}).
 */
final class F32Matrix extends PackedMatrix {

    static final int TILE = 4;

    final int paddedCols;
    final int nb;
    final float[][] w;

    F32Matrix(int rows, int cols, KernelPool pool, KernelBackend backend, long maxChunkBytes) {
        super(GgmlType.F32, rows, cols, pool, backend, (long) padded(cols) * GROUP * 4, maxChunkBytes);
        this.paddedCols = padded(cols);
        this.nb = paddedCols / 32;
        this.w = new float[chunks][];
        for (int c = 0; c < chunks; c++) {
            w[c] = new float[groupsIn(c) * paddedCols * GROUP];
        }
    }

    static int padded(int cols) {
        return (cols + 31) / 32 * 32;
    }

    @Override
    void pack(byte[] raw, int offset, int firstRow, int n) {
        for (int i = 0; i < n; i++) {
            int r = firstRow + i;
            int c = r / GROUP / groupsPerChunk;
            int g = r / GROUP % groupsPerChunk;
            int k = r % GROUP;
            for (int e = 0; e < cols; e++) {
                w[c][index(g, k, e)] = Bits.getFloat(raw, offset + (i * cols + e) * 4);
            }
        }
    }

    /** Position of column {@code e} of row {@code k} of group {@code g} within its chunk. */
    int index(int g, int k, int e) {
        return ((g * nb + e / 32) * GROUP + k) * 32 + e % 32;
    }

    @Override
    void decodeRow(int c, int g, int k, float[] dst, int offset) {
        for (int e = 0; e < cols; e++) {
            dst[offset + e] = w[c][index(g, k, e)];
        }
    }

    @Override
    public long residentBytes() {
        long n = 0;
        for (float[] a : w) {
            n += 4L * a.length;
        }
        return n;
    }

    @Override
    void multiplyChecked(float[] x, int batch, float[] out) {
        Activations.Floats a = Activations.Floats.prepare(x, batch, cols, paddedCols, Activations.ROUND_NONE);
        if (backend == KernelBackend.VECTOR) {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> VectorFloats.multiply(this, a.x, batch, out, g0, g1));
        } else {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> multiplyScalar(a.x, batch, out, g0, g1));
        }
    }

    void multiplyScalar(float[] xs, int batch, float[] out, int g0, int g1) {
        for (int gi = g0; gi < g1; gi++) {
            float[] wc = w[gi / groupsPerChunk];
            int g = gi % groupsPerChunk;
            for (int k = 0; k < GROUP && gi * GROUP + k < rows; k++) {
                for (int b = 0; b < batch; b++) {
                    float sum = 0f;
                    for (int e = 0; e < cols; e++) {
                        sum += wc[index(g, k, e)] * xs[b * paddedCols + e];
                    }
                    out[b * rows + gi * GROUP + k] = sum;
                }
            }
        }
    }
}
