package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.L;
import static io.sluice.engine.embedded.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector kernels for {@link Q4_0Matrix}; same two paths and rules as {@link VectorQ8_0}. Nibbles are unpacked in 16-bit (or
 * 32-bit) lanes (AVX2 has no byte shifts), stored pre-XORed so that two shifts give the signed {@code q - 8}.
 */
final class VectorQ4_0 {

    private static final int BLOCK_GROUP_BYTES = PackedMatrix.GROUP * 16;

    private VectorQ4_0() {
    }

    static void multiply(Q4_0Matrix m, Activations.Q8 a, int batch, float[] out, int g0, int g1) {
        int nb = m.nb;
        int tiled = batch >= Q4_0Matrix.TILE ? batch / Q4_0Matrix.TILE * Q4_0Matrix.TILE : 0;
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
            byte[] q = m.qs[c];
            short[] d = m.d[c];
            int qBase = g * nb * BLOCK_GROUP_BYTES;
            int dBase = g * nb * PackedMatrix.GROUP;
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            for (int b = 0; b < tiled; b += Q4_0Matrix.TILE) {
                for (int k = 0; k < valid; k++) {
                    rowTile(q, d, qBase + k * 16, dBase + k, nb, a, m.cols, b, out, m.rows, r0 + k);
                }
            }
            for (int b = tiled; b < batch; b++) {
                pair(q, d, qBase, dBase, nb, a.q, a.d, b * m.cols, b * nb, out, b * m.rows + r0, valid);
            }
        }
    }

    /** Integer path: the two rows of one group against one batch row. */
    static void pair(byte[] q, short[] d, int qBase, int dBase, int nb, short[] xq, float[] xd, int xo, int xdo,
                     float[] out, int outBase, int valid) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int qo = qBase + j * BLOCK_GROUP_BYTES;
            int xj = xo + j * 32;
            // 2L bytes: low nibbles are weights c.., high nibbles 16+c..; two products (|.| <= 8 * 127) per lane
            ShortVector xl = ShortVector.fromArray(S, xq, xj);
            ShortVector xh = ShortVector.fromArray(S, xq, xj + 16);
            ShortVector v0 = Simd.bytesToShorts(q, qo);
            ShortVector v1 = Simd.bytesToShorts(q, qo + 16);
            IntVector i0 = Simd.pairSum(Simd.lowNibble(v0).mul(xl).add(v0.lanewise(VectorOperators.ASHR, 4).mul(xh)));
            IntVector i1 = Simd.pairSum(Simd.lowNibble(v1).mul(xl).add(v1.lanewise(VectorOperators.ASHR, 4).mul(xh)));
            for (int c = 2 * L; c < 16; c += 2 * L) { // 4-lane vectors only
                xl = ShortVector.fromArray(S, xq, xj + c);
                xh = ShortVector.fromArray(S, xq, xj + 16 + c);
                v0 = Simd.bytesToShorts(q, qo + c);
                v1 = Simd.bytesToShorts(q, qo + 16 + c);
                i0 = i0.add(Simd.pairSum(Simd.lowNibble(v0).mul(xl).add(v0.lanewise(VectorOperators.ASHR, 4).mul(xh))));
                i1 = i1.add(Simd.pairSum(Simd.lowNibble(v1).mul(xl).add(v1.lanewise(VectorOperators.ASHR, 4).mul(xh))));
            }
            int dj = dBase + j * PackedMatrix.GROUP;
            float dx = xd[xdo + j];
            a0 = Simd.toFloat(i0).fma(FloatVector.broadcast(F, Float.float16ToFloat(d[dj]) * dx), a0);
            a1 = Simd.toFloat(i1).fma(FloatVector.broadcast(F, Float.float16ToFloat(d[dj + 1]) * dx), a1);
        }
        out[outBase] = Simd.sum(a0);
        if (valid > 1) {
            out[outBase + 1] = Simd.sum(a1);
        }
    }

    /** Float path: one weight row against batch rows {@code b0..b0+3}. */
    static void rowTile(byte[] q, short[] d, int qRow, int dRow, int nb, Activations.Q8 a, int cols, int b0,
                        float[] out, int rows, int r) {
        float[] xf = a.f;
        float[] xd = a.d;
        int x0 = b0 * cols;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        int d0 = b0 * nb;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int qo = qRow + j * BLOCK_GROUP_BYTES;
            int xj = j * 32;
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (int c = 0; c < 16; c += 2 * L) {
                // 2L bytes: low nibbles are the chunk at c, high nibbles the chunk at 16 + c; evens, then odds
                ShortVector v = Simd.bytesToShorts(q, qo + c);
                ShortVector lo = Simd.lowNibble(v);
                ShortVector hi = v.lanewise(VectorOperators.ASHR, 4);
                FloatVector w = Simd.evenToFloat(lo);
                int e = xj + c;
                s0 = w.fma(FloatVector.fromArray(F, xf, x0 + e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
                w = Simd.oddToFloat(lo);
                e += L;
                s0 = w.fma(FloatVector.fromArray(F, xf, x0 + e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
                w = Simd.evenToFloat(hi);
                e = xj + 16 + c;
                s0 = w.fma(FloatVector.fromArray(F, xf, x0 + e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
                w = Simd.oddToFloat(hi);
                e += L;
                s0 = w.fma(FloatVector.fromArray(F, xf, x0 + e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
            }
            float dw = Float.float16ToFloat(d[dRow + j * PackedMatrix.GROUP]);
            a0 = s0.fma(FloatVector.broadcast(F, dw * xd[d0 + j]), a0);
            a1 = s1.fma(FloatVector.broadcast(F, dw * xd[d0 + nb + j]), a1);
            a2 = s2.fma(FloatVector.broadcast(F, dw * xd[d0 + 2 * nb + j]), a2);
            a3 = s3.fma(FloatVector.broadcast(F, dw * xd[d0 + 3 * nb + j]), a3);
        }
        VectorFloats.store4(out, rows, b0, r, a0, a1, a2, a3);
    }
}
