package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

/**
 * F16 or BF16 weights as 16-bit patterns. Columns padded with zeros to a multiple of 32; per group and 32-column
 * block {@code j} the group's rows' 32 values back to back (at {@code (j * GROUP + k) * 32}). Activations are rounded to the
 * same 16-bit format first (llama.cpp's {@code vec_dot_type}), products summed in float.
 */
final class HalfMatrix extends PackedMatrix {

    static final int TILE = 4;

    final boolean bf16;
    final int paddedCols;
    final int nb;
    final short[][] w;
    /** F16 only: some weight is an infinity or NaN, so conversions take the exact slow path. */
    boolean specials;

    HalfMatrix(GgmlType type, int rows, int cols, KernelPool pool, KernelBackend backend, long maxChunkBytes) {
        super(type, rows, cols, pool, backend, (long) F32Matrix.padded(cols) * GROUP * 2, maxChunkBytes);
        this.bf16 = type == GgmlType.BF16;
        this.paddedCols = F32Matrix.padded(cols);
        this.nb = paddedCols / 32;
        this.w = new short[chunks][];
        for (int c = 0; c < chunks; c++) {
            w[c] = new short[groupsIn(c) * paddedCols * GROUP];
        }
    }

    @Override
    void pack(byte[] raw, int offset, int firstRow, int n) {
        for (int i = 0; i < n; i++) {
            int r = firstRow + i;
            int c = r / GROUP / groupsPerChunk;
            int g = r / GROUP % groupsPerChunk;
            int k = r % GROUP;
            for (int e = 0; e < cols; e++) {
                short h = Bits.getShort(raw, offset + (i * cols + e) * 2);
                w[c][index(g, k, e)] = h;
                if (!bf16 && (h & 0x7c00) == 0x7c00) {
                    specials = true;
                }
            }
        }
    }

    int index(int g, int k, int e) {
        return ((g * nb + e / 32) * GROUP + k) * 32 + e % 32;
    }

    float value(short h) {
        return bf16 ? Bits.bf16ToFloat(h) : Float.float16ToFloat(h);
    }

    @Override
    void decodeRow(int c, int g, int k, float[] dst, int offset) {
        for (int e = 0; e < cols; e++) {
            dst[offset + e] = value(w[c][index(g, k, e)]);
        }
    }

    @Override
    public long residentBytes() {
        long n = 0;
        for (short[] a : w) {
            n += 2L * a.length;
        }
        return n;
    }

    @Override
    void multiplyChecked(float[] x, int batch, float[] out) {
        Activations.Floats a = Activations.Floats.prepare(x, batch, cols, paddedCols,
                bf16 ? Activations.ROUND_BF16 : Activations.ROUND_F16);
        if (backend == KernelBackend.VECTOR) {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> VectorFloats.multiply(this, a.x, batch, out, g0, g1));
        } else {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> multiplyScalar(a.x, batch, out, g0, g1));
        }
    }

    void multiplyScalar(float[] xs, int batch, float[] out, int g0, int g1) {
        for (int gi = g0; gi < g1; gi++) {
            short[] wc = w[gi / groupsPerChunk];
            int g = gi % groupsPerChunk;
            for (int k = 0; k < GROUP && gi * GROUP + k < rows; k++) {
                for (int b = 0; b < batch; b++) {
                    float sum = 0f;
                    for (int e = 0; e < cols; e++) {
                        sum += value(wc[index(g, k, e)]) * xs[b * paddedCols + e];
                    }
                    out[b * rows + gi * GROUP + k] = sum;
                }
            }
        }
    }
}
