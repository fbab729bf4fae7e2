package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.L;
import static io.sluice.engine.embedded.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;

/**
 * Vector kernels for {@link Q8_0Matrix}.
 *
 * <p>Integer path (batch rows one at a time, both rows of a group at once): int8 x int8 products in 16-bit lanes,
 * two per lane, adjacent lanes paired into int lanes, converted to float and scaled once per block:
 * {@code acc += isum * (d_w * d_x)}, llama.cpp's order. Float path (four batch rows at once, one weight row at a
 * time): each weight block is widened to floats once (even and odd 16-bit lanes apart, see {@link Simd}) and used
 * for four activation rows; the per-lane block sums are exact integers, so both paths agree to the bit. A group's
 * weights stay in L1 while every batch row passes over them, so DRAM sees each weight once per call.
 *
 * <p>Methods are kept small and no vector crosses a call that is not a one-line {@link Simd} helper: past C2's
 * inlining budget, vectors get boxed and the kernel runs several times slower.
 */
final class VectorQ8_0 {

    private static final int BLOCK_GROUP_BYTES = PackedMatrix.GROUP * 32;

    private VectorQ8_0() {
    }

    static void multiply(Q8_0Matrix m, Activations.Q8 a, int batch, float[] out, int g0, int g1) {
        int nb = m.nb;
        int tiled = batch >= Q8_0Matrix.TILE ? batch / Q8_0Matrix.TILE * Q8_0Matrix.TILE : 0;
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
            byte[] q = m.qs[c];
            short[] d = m.d[c];
            int qBase = g * nb * BLOCK_GROUP_BYTES;
            int dBase = g * nb * PackedMatrix.GROUP;
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            for (int b = 0; b < tiled; b += Q8_0Matrix.TILE) {
                for (int k = 0; k < valid; k++) {
                    rowTile(q, d, qBase + k * 32, dBase + k, nb, a, m.cols, b, out, m.rows, r0 + k);
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
            // two chunks of 2L weights at a time: products summed in 16-bit lanes (|sum| <= 2 * 128 * 127)
            ShortVector x0 = ShortVector.fromArray(S, xq, xj);
            ShortVector x1 = ShortVector.fromArray(S, xq, xj + 2 * L);
            IntVector i0 = Simd.pairSum(Simd.bytesToShorts(q, qo).mul(x0)
                    .add(Simd.bytesToShorts(q, qo + 2 * L).mul(x1)));
            IntVector i1 = Simd.pairSum(Simd.bytesToShorts(q, qo + 32).mul(x0)
                    .add(Simd.bytesToShorts(q, qo + 32 + 2 * L).mul(x1)));
            for (int c = 4 * L; c < 32; c += 4 * L) { // 4-lane vectors only
                x0 = ShortVector.fromArray(S, xq, xj + c);
                x1 = ShortVector.fromArray(S, xq, xj + c + 2 * L);
                i0 = i0.add(Simd.pairSum(Simd.bytesToShorts(q, qo + c).mul(x0)
                        .add(Simd.bytesToShorts(q, qo + c + 2 * L).mul(x1))));
                i1 = i1.add(Simd.pairSum(Simd.bytesToShorts(q, qo + 32 + c).mul(x0)
                        .add(Simd.bytesToShorts(q, qo + 32 + c + 2 * L).mul(x1))));
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
            for (int c = 0; c < 32; c += 2 * L) {
                // a chunk of 2L weights: even lanes with the activations' evens (at e), odd lanes with the odds
                ShortVector v = Simd.bytesToShorts(q, qo + c);
                FloatVector w = Simd.evenToFloat(v);
                int e = xj + c;
                s0 = w.fma(FloatVector.fromArray(F, xf, x0 + e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
                w = Simd.oddToFloat(v);
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
