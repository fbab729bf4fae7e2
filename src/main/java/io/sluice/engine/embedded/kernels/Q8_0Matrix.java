package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

/**
 * Q8_0 weights. Per group and 32-block {@code j}: the group's rows' 32 quants back to back ({@code qs}, row {@code k}
 * at {@code (j * GROUP + k) * 32}) and their fp16 scales in a parallel {@code short[]} ({@code d}, at
 * {@code j * GROUP + k}).
 */
final class Q8_0Matrix extends PackedMatrix {


    final int nb;
    final byte[][] qs;
    final short[][] d;

    Q8_0Matrix(int rows, int cols, KernelPool pool, KernelBackend backend, long maxChunkBytes) {
        super(GgmlType.Q8_0, rows, cols, pool, backend, (long) cols / 32 * GROUP * 32, maxChunkBytes);
        this.nb = cols / 32;
        this.qs = new byte[chunks][];
        this.d = new short[chunks][];
        for (int c = 0; c < chunks; c++) {
            qs[c] = new byte[groupsIn(c) * nb * GROUP * 32 + PAD];
            d[c] = new short[groupsIn(c) * nb * GROUP];
        }
    }

    @Override
    void pack(byte[] raw, int offset, int firstRow, int n) {
        int rowBytes = nb * Q8_0.BLOCK_BYTES;
        for (int i = 0; i < n; i++) {
            int r = firstRow + i;
            int c = r / GROUP / groupsPerChunk;
            int g = r / GROUP % groupsPerChunk;
            int k = r % GROUP;
            for (int j = 0; j < nb; j++) {
                int src = offset + i * rowBytes + j * Q8_0.BLOCK_BYTES;
                d[c][(g * nb + j) * GROUP + k] = Bits.getShort(raw, src);
                System.arraycopy(raw, src + 2, qs[c], ((g * nb + j) * GROUP + k) * 32, 32);
            }
        }
    }

    @Override
    void decodeRow(int c, int g, int k, float[] dst, int offset) {
        for (int j = 0; j < nb; j++) {
            float s = Float.float16ToFloat(d[c][(g * nb + j) * GROUP + k]);
            int o = ((g * nb + j) * GROUP + k) * 32;
            for (int e = 0; e < 32; e++) {
                dst[offset + j * 32 + e] = qs[c][o + e] * s;
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
        Activations.Q8 a = Activations.Q8.prepare(x, batch, cols, vector);
        if (vector) {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> VectorQ8_0.multiply(this, a, batch, out, g0, g1));
        } else {
            pool.forChunks(groups, CHUNKS_PER_THREAD, (g0, g1) -> multiplyScalar(a, batch, out, g0, g1));
        }
    }

    /** Reference: per block the exact integer dot, scaled by {@code d_w * d_x} and summed in float. */
    void multiplyScalar(Activations.Q8 a, int batch, float[] out, int g0, int g1) {
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / groupsPerChunk;
            int g = gi % groupsPerChunk;
            byte[] q = qs[c];
            short[] dc = d[c];
            for (int k = 0; k < GROUP && gi * GROUP + k < rows; k++) {
                for (int b = 0; b < batch; b++) {
                    float sum = 0f;
                    for (int j = 0; j < nb; j++) {
                        int o = ((g * nb + j) * GROUP + k) * 32;
                        int xo = b * cols + j * 32;
                        int isum = 0;
                        for (int e = 0; e < 32; e++) {
                            isum += q[o + e] * a.q[xo + e];
                        }
                        sum += isum * (Float.float16ToFloat(dc[(g * nb + j) * GROUP + k]) * a.d[b * nb + j]);
                    }
                    out[b * rows + gi * GROUP + k] = sum;
                }
            }
        }
    }
}
