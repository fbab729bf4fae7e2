package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

/**
 * Q6_K weights. Per group and super-block {@code s}, the group's rows one after another, 208 bytes each
 * at {@code (s * GROUP + k) * 208}: ggml's {@code ql[128]}, {@code qh[64]}, {@code scales[16]} unchanged; the fp16
 * {@code d} in a parallel {@code short[]} at {@code s * GROUP + k}.
 */
final class Q6_KMatrix extends PackedMatrix {

    static final int SB = 208;
    static final int BATCHED = 4;

    final int nsb;
    final byte[][] qs;
    final short[][] d;

    Q6_KMatrix(int rows, int cols, KernelPool pool, KernelBackend backend, long maxChunkBytes) {
        super(GgmlType.Q6_K, rows, cols, pool, backend, (long) cols / 256 * GROUP * SB, maxChunkBytes);
        this.nsb = cols / 256;
        this.qs = new byte[chunks][];
        this.d = new short[chunks][];
        for (int c = 0; c < chunks; c++) {
            qs[c] = new byte[groupsIn(c) * nsb * GROUP * SB + PAD];
            d[c] = new short[groupsIn(c) * nsb * GROUP];
        }
    }

    @Override
    void pack(byte[] raw, int offset, int firstRow, int n) {
        int rowBytes = nsb * Q6_K.BLOCK_BYTES;
        for (int i = 0; i < n; i++) {
            int r = firstRow + i;
            int c = r / GROUP / groupsPerChunk;
            int g = r / GROUP % groupsPerChunk;
            int k = r % GROUP;
            for (int s = 0; s < nsb; s++) {
                int src = offset + i * rowBytes + s * Q6_K.BLOCK_BYTES;
                int u = (g * nsb + s) * GROUP + k;
                d[c][u] = Bits.getShort(raw, src + 208);
                System.arraycopy(raw, src, qs[c], u * SB, 208);
            }
        }
    }

    /** The 6-bit quant minus 32 of weight {@code e} (0..255) of the super-block at {@code o}. */
    static int quant(byte[] q, int o, int e) {
        int h = e / 128;
        int t = e % 128 / 32;
        int l = e % 32;
        int ql = q[o + 64 * h + (t & 1) * 32 + l] & 0xff;
        int qh = q[o + 128 + 32 * h + l] & 0xff;
        int low = t < 2 ? ql & 0xf : ql >>> 4;
        return (low | ((qh >>> (2 * t)) & 3) << 4) - 32;
    }

    @Override
    void decodeRow(int c, int g, int k, float[] dst, int offset) {
        byte[] q = qs[c];
        for (int s = 0; s < nsb; s++) {
            int u = (g * nsb + s) * GROUP + k;
            float dv = Float.float16ToFloat(d[c][u]);
            int o = u * SB;
            for (int e = 0; e < 256; e++) {
                dst[offset + s * 256 + e] = dv * q[o + 192 + e / 16] * quant(q, o, e);
            }
        }
    }

    @Override
    public long residentBytes() {
        long n = 0;
        for (int c = 0; c < chunks; c++) {
            n += qs[c].length + 2L * d[c].length;
        }
        return n;
    }

    @Override
    void multiplyChecked(float[] x, int batch, float[] out) {
        boolean vector = backend == KernelBackend.VECTOR;
        Activations.Q8K a = Activations.Q8K.prepare(x, batch, cols, vector, vector && batch >= BATCHED);
        if (vector) {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> VectorQ6_K.multiply(this, a, batch, out, g0, g1));
        } else {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> multiplyScalar(a, batch, out, g0, g1));
        }
    }

    /** Reference, llama.cpp's order: per super-block the exact integer {@code sum_j scale_j * dot_j} times {@code d * d_y}. */
    void multiplyScalar(Activations.Q8K a, int batch, float[] out, int g0, int g1) {
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / groupsPerChunk;
            int g = gi % groupsPerChunk;
            byte[] q = qs[c];
            for (int k = 0; k < GROUP && gi * GROUP + k < rows; k++) {
                for (int b = 0; b < batch; b++) {
                    float sum = 0f;
                    for (int s = 0; s < nsb; s++) {
                        int u = (g * nsb + s) * GROUP + k;
                        int o = u * SB;
                        int xs = b * cols + s * 256;
                        int isum = 0;
                        for (int j = 0; j < 16; j++) {
                            int dot = 0;
                            for (int e = 0; e < 16; e++) {
                                dot += quant(q, o, 16 * j + e) * a.q[xs + 16 * j + e];
                            }
                            isum += q[o + 192 + j] * dot;
                        }
                        sum += (Float.float16ToFloat(d[c][u]) * a.d[b * nsb + s]) * isum;
                    }
                    out[b * rows + gi * GROUP + k] = sum;
                }
            }
        }
    }
}
