package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

/**
 * Q4_K weights. Per group and super-block {@code s}, the group's rows one after another, 144 bytes each
 * at {@code (s * GROUP + k) * 144}: the eight 6-bit scales unpacked to bytes, the eight 6-bit mins unpacked to bytes, then
 * the 128 nibble bytes as in ggml. The fp16 {@code d} and {@code dmin} sit in a parallel {@code short[]} at
 * {@code (s * GROUP + k) * 2}. (Unpacking the scales costs 4 bytes per 256 weights and saves ~40 scalar operations per
 * super-block and row in the hot loop.)
 */
final class Q4_KMatrix extends PackedMatrix {

    static final int SB = 144;
    /** From this batch size on, all batch rows share one float widening of each row's super-block. */
    static final int BATCHED = 4;

    final int nsb;
    final byte[][] qs;
    final short[][] dd;

    Q4_KMatrix(int rows, int cols, KernelPool pool, KernelBackend backend, long maxChunkBytes) {
        super(GgmlType.Q4_K, rows, cols, pool, backend, (long) cols / 256 * GROUP * SB, maxChunkBytes);
        this.nsb = cols / 256;
        this.qs = new byte[chunks][];
        this.dd = new short[chunks][];
        for (int c = 0; c < chunks; c++) {
            qs[c] = new byte[groupsIn(c) * nsb * GROUP * SB + PAD];
            dd[c] = new short[groupsIn(c) * nsb * GROUP * 2];
        }
    }

    @Override
    void pack(byte[] raw, int offset, int firstRow, int n) {
        int rowBytes = nsb * Q4_K.BLOCK_BYTES;
        for (int i = 0; i < n; i++) {
            int r = firstRow + i;
            int c = r / GROUP / groupsPerChunk;
            int g = r / GROUP % groupsPerChunk;
            int k = r % GROUP;
            for (int s = 0; s < nsb; s++) {
                int src = offset + i * rowBytes + s * Q4_K.BLOCK_BYTES;
                int u = (g * nsb + s) * GROUP + k;
                dd[c][u * 2] = Bits.getShort(raw, src);
                dd[c][u * 2 + 1] = Bits.getShort(raw, src + 2);
                int dst = u * SB;
                for (int j = 0; j < 8; j++) {
                    qs[c][dst + j] = (byte) Q4_K.scale(raw, src + 4, j);
                    qs[c][dst + 8 + j] = (byte) Q4_K.min(raw, src + 4, j);
                }
                System.arraycopy(raw, src + 16, qs[c], dst + 16, 128);
            }
        }
    }

    @Override
    void decodeRow(int c, int g, int k, float[] dst, int offset) {
        byte[] q = qs[c];
        for (int s = 0; s < nsb; s++) {
            int u = (g * nsb + s) * GROUP + k;
            float d = Float.float16ToFloat(dd[c][u * 2]);
            float dmin = Float.float16ToFloat(dd[c][u * 2 + 1]);
            int o = u * SB;
            for (int j = 0; j < 8; j++) {
                float dl = d * q[o + j];
                float ml = dmin * q[o + 8 + j];
                for (int e = 0; e < 32; e++) {
                    dst[offset + s * 256 + 32 * j + e] = dl * nibble(q, o, 32 * j + e) - ml;
                }
            }
        }
    }

    /** The 4-bit quant of weight {@code e} (0..255) of the super-block at {@code o}. */
    static int nibble(byte[] q, int o, int e) {
        int b = q[o + 16 + (e / 64) * 32 + e % 32] & 0xff;
        return (e % 64) < 32 ? b & 0xf : b >>> 4;
    }

    @Override
    public long residentBytes() {
        long n = 0;
        for (int c = 0; c < chunks; c++) {
            n += qs[c].length + 2L * dd[c].length;
        }
        return n;
    }

    @Override
    void multiplyChecked(float[] x, int batch, float[] out) {
        boolean vector = backend == KernelBackend.VECTOR;
        Activations.Q8K a = Activations.Q8K.prepare(x, batch, cols, vector, vector && batch >= BATCHED);
        if (vector) {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> VectorQ4_K.multiply(this, a, batch, out, g0, g1));
        } else {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> multiplyScalar(a, batch, out, g0, g1));
        }
    }

    /**
     * Reference, llama.cpp's order: per super-block the exact integer {@code sum_j scale_j * dot_j} times
     * {@code d * d_y}, minus {@code dmin * d_y} times the exact {@code sum_j min_j * bsum_j}.
     */
    void multiplyScalar(Activations.Q8K a, int batch, float[] out, int g0, int g1) {
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / groupsPerChunk;
            int g = gi % groupsPerChunk;
            byte[] q = qs[c];
            for (int k = 0; k < GROUP && gi * GROUP + k < rows; k++) {
                for (int b = 0; b < batch; b++) {
                    float sum = 0f;
                    float mins = 0f;
                    for (int s = 0; s < nsb; s++) {
                        int u = (g * nsb + s) * GROUP + k;
                        int o = u * SB;
                        int xs = b * cols + s * 256;
                        int bsb = (b * nsb + s) * 8;
                        int isum = 0;
                        int msum = 0;
                        for (int j = 0; j < 8; j++) {
                            int dot = 0;
                            for (int e = 0; e < 32; e++) {
                                dot += nibble(q, o, 32 * j + e) * a.q[xs + 32 * j + e];
                            }
                            isum += q[o + j] * dot;
                            msum += q[o + 8 + j] * a.bs[bsb + j];
                        }
                        float dy = a.d[b * nsb + s];
                        sum += (Float.float16ToFloat(dd[c][u * 2]) * dy) * isum;
                        mins += (Float.float16ToFloat(dd[c][u * 2 + 1]) * dy) * msum;
                    }
                    out[b * rows + gi * GROUP + k] = sum - mins;
                }
            }
        }
    }
}
