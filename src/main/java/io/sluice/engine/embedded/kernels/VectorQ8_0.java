package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.L;
import static io.sluice.engine.embedded.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector kernels for {@link Q8_0Matrix}.
 *
 * <p>Integer path (batch rows one at a time, four weight rows at once): int8 x int8 products in 16-bit lanes, two
 * per lane, widened to int lanes, converted to float and scaled once per block: {@code acc += isum * (d_w * d_x)},
 * llama.cpp's order. Float path (four batch rows at once, one weight row at a time): each weight block is widened
 * to floats once (even and odd 16-bit lanes apart, see {@link Simd}) and used for four activation rows; the per-lane block sums are exact integers, so both paths agree
 * to the bit. A group's weights (four rows) stay in L1/L2 while every batch row passes over them, so DRAM sees each
 * weight once per call.
 */
final class VectorQ8_0 {

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
            int qBase = g * nb * 128;
            int dBase = g * nb * 4;
            int r0 = gi * PackedMatrix.GROUP;
            for (int b = 0; b < tiled; b += Q8_0Matrix.TILE) {
                for (int k = 0; k < PackedMatrix.GROUP && r0 + k < m.rows; k++) {
                    rowTile(q, d, qBase + k * 32, dBase + k, nb, a, m.cols, b, out, m.rows, r0 + k);
                }
            }
            for (int b = tiled; b < batch; b++) {
                group(q, d, qBase, dBase, nb, a.q, a.d, b * m.cols, b * nb, out, b * m.rows + r0, m.rows - r0);
            }
        }
    }

    /** Integer path: the four rows of one group against batch row {@code b}. */
    static void group(byte[] q, short[] d, int qBase, int dBase, int nb, short[] xq, float[] xd, int xo, int xdo,
                      float[] out, int outBase, int validRows) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int qo = qBase + j * 128;
            int xj = xo + j * 32;
            int dj = dBase + j * 4;
            float dx = xd[xdo + j];
            a0 = block(q, qo, xq, xj, Float.float16ToFloat(d[dj]) * dx, a0);
            a1 = block(q, qo + 32, xq, xj, Float.float16ToFloat(d[dj + 1]) * dx, a1);
            a2 = block(q, qo + 64, xq, xj, Float.float16ToFloat(d[dj + 2]) * dx, a2);
            a3 = block(q, qo + 96, xq, xj, Float.float16ToFloat(d[dj + 3]) * dx, a3);
        }
        out[outBase] = Simd.sum(a0);
        if (validRows > 1) {
            out[outBase + 1] = Simd.sum(a1);
        }
        if (validRows > 2) {
            out[outBase + 2] = Simd.sum(a2);
        }
        if (validRows > 3) {
            out[outBase + 3] = Simd.sum(a3);
        }
    }

    private static FloatVector block(byte[] q, int qo, short[] xq, int xo, float scale, FloatVector acc) {
        IntVector s = pair(q, qo, xq, xo);
        for (int c = 4 * L; c < 32; c += 4 * L) {
            s = s.add(pair(q, qo + c, xq, xo + c));
        }
        return ((FloatVector) s.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(F, scale), acc);
    }

    /** Two 2L-weight chunks: products summed in 16-bit lanes (|sum| &lt;= 2 * 128 * 127), adjacent lanes paired. */
    private static IntVector pair(byte[] q, int qo, short[] xq, int xo) {
        ShortVector p = Simd.bytesToShorts(q, qo).mul(ShortVector.fromArray(S, xq, xo))
                .add(Simd.bytesToShorts(q, qo + 2 * L).mul(ShortVector.fromArray(S, xq, xo + 2 * L)));
        return Simd.pairSum(p);
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
            int qo = qRow + j * 128;
            int xj = j * 32;
            // chunk of 2L weights: even lanes with the activations' evens (at xj), odd lanes with the odds (xj + L)
            ShortVector v = Simd.bytesToShorts(q, qo);
            FloatVector we = Simd.evenToFloat(v);
            FloatVector wo = Simd.oddToFloat(v);
            FloatVector s0 = we.mul(FloatVector.fromArray(F, xf, x0 + xj)).add(wo.mul(FloatVector.fromArray(F, xf, x0 + xj + L)));
            FloatVector s1 = we.mul(FloatVector.fromArray(F, xf, x1 + xj)).add(wo.mul(FloatVector.fromArray(F, xf, x1 + xj + L)));
            FloatVector s2 = we.mul(FloatVector.fromArray(F, xf, x2 + xj)).add(wo.mul(FloatVector.fromArray(F, xf, x2 + xj + L)));
            FloatVector s3 = we.mul(FloatVector.fromArray(F, xf, x3 + xj)).add(wo.mul(FloatVector.fromArray(F, xf, x3 + xj + L)));
            for (int c = 2 * L; c < 32; c += 2 * L) {
                v = Simd.bytesToShorts(q, qo + c);
                we = Simd.evenToFloat(v);
                wo = Simd.oddToFloat(v);
                int e = xj + c;
                s0 = wo.fma(FloatVector.fromArray(F, xf, x0 + e + L), we.fma(FloatVector.fromArray(F, xf, x0 + e), s0));
                s1 = wo.fma(FloatVector.fromArray(F, xf, x1 + e + L), we.fma(FloatVector.fromArray(F, xf, x1 + e), s1));
                s2 = wo.fma(FloatVector.fromArray(F, xf, x2 + e + L), we.fma(FloatVector.fromArray(F, xf, x2 + e), s2));
                s3 = wo.fma(FloatVector.fromArray(F, xf, x3 + e + L), we.fma(FloatVector.fromArray(F, xf, x3 + e), s3));
            }
            float dw = Float.float16ToFloat(d[dRow + j * 4]);
            a0 = s0.fma(FloatVector.broadcast(F, dw * xd[d0 + j]), a0);
            a1 = s1.fma(FloatVector.broadcast(F, dw * xd[d0 + nb + j]), a1);
            a2 = s2.fma(FloatVector.broadcast(F, dw * xd[d0 + 2 * nb + j]), a2);
            a3 = s3.fma(FloatVector.broadcast(F, dw * xd[d0 + 3 * nb + j]), a3);
        }
        out[b0 * rows + r] = Simd.sum(a0);
        out[(b0 + 1) * rows + r] = Simd.sum(a1);
        out[(b0 + 2) * rows + r] = Simd.sum(a2);
        out[(b0 + 3) * rows + r] = Simd.sum(a3);
    }
}
