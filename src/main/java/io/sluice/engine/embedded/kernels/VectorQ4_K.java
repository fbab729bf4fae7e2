package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.I;
import static io.sluice.engine.embedded.kernels.Simd.L;
import static io.sluice.engine.embedded.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector kernels for {@link Q4_KMatrix}.
 *
 * <p>Integer path (batch 1 and 2): nibble x int8 products in 16-bit lanes, widened per 32-sub-block, multiplied by
 * the sub-block's 6-bit scale into an int accumulator; once per super-block {@code acc += float(T) * (d * d_y)}, and
 * the min term {@code (dmin * d_y) * sum_j min_j * bsum_j} kept as a scalar, llama.cpp's structure. Batched path:
 * each row's super-block is widened to 256 floats once and then used for every batch row, accumulators in a small
 * per-thread scratch. Per lane, T never exceeds 2^24 in magnitude (8 sub-blocks x 63 x 8 products of 15 x 127), so
 * it is exact in float and both paths agree to the bit.
 */
final class VectorQ4_K {

    private static final int SB = Q4_KMatrix.SB;

    private VectorQ4_K() {
    }

    static void multiply(Q4_KMatrix m, Activations.Q8K a, int batch, float[] out, int g0, int g1) {
        if (batch >= Q4_KMatrix.BATCHED) {
            batched(m, a, batch, out, g0, g1);
            return;
        }
        int nsb = m.nsb;
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
            byte[] q = m.qs[c];
            short[] dd = m.dd[c];
            int base = g * nsb * 4;
            int r0 = gi * PackedMatrix.GROUP;
            for (int b = 0; b < batch; b++) {
                group(q, dd, base, nsb, a, b * m.cols, b * nsb, out, b * m.rows + r0, m.rows - r0);
            }
        }
    }

    /** Integer path: the four rows of one group against one batch row. {@code base} counts row-super-blocks. */
    static void group(byte[] q, short[] dd, int base, int nsb, Activations.Q8K a, int xo, int xsb, float[] out,
                      int outBase, int validRows) {
        short[] xq = a.q;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        float m0 = 0f;
        float m1 = 0f;
        float m2 = 0f;
        float m3 = 0f;
        for (int s = 0; s < nsb; s++) {
            int u = base + s * 4;
            int o = u * SB;
            int xs = xo + s * 256;
            float dy = a.d[xsb + s];
            int bs = (xsb + s) * 8;
            a0 = superBlock(q, o, xq, xs, Float.float16ToFloat(dd[2 * u]) * dy, a0);
            m0 += (Float.float16ToFloat(dd[2 * u + 1]) * dy) * mins(q, o, a.bs, bs);
            a1 = superBlock(q, o + SB, xq, xs, Float.float16ToFloat(dd[2 * u + 2]) * dy, a1);
            m1 += (Float.float16ToFloat(dd[2 * u + 3]) * dy) * mins(q, o + SB, a.bs, bs);
            a2 = superBlock(q, o + 2 * SB, xq, xs, Float.float16ToFloat(dd[2 * u + 4]) * dy, a2);
            m2 += (Float.float16ToFloat(dd[2 * u + 5]) * dy) * mins(q, o + 2 * SB, a.bs, bs);
            a3 = superBlock(q, o + 3 * SB, xq, xs, Float.float16ToFloat(dd[2 * u + 6]) * dy, a3);
            m3 += (Float.float16ToFloat(dd[2 * u + 7]) * dy) * mins(q, o + 3 * SB, a.bs, bs);
        }
        out[outBase] = Simd.sum(a0) - m0;
        if (validRows > 1) {
            out[outBase + 1] = Simd.sum(a1) - m1;
        }
        if (validRows > 2) {
            out[outBase + 2] = Simd.sum(a2) - m2;
        }
        if (validRows > 3) {
            out[outBase + 3] = Simd.sum(a3) - m3;
        }
    }

    static int mins(byte[] q, int o, int[] bs, int bo) {
        int m = 0;
        for (int j = 0; j < 8; j++) {
            m += q[o + 8 + j] * bs[bo + j];
        }
        return m;
    }

    private static FloatVector superBlock(byte[] q, int o, short[] xq, int xs, float scale, FloatVector acc) {
        IntVector t = IntVector.zero(I);
        for (int c = 0; c < 4; c++) {
            int qo = o + 16 + 32 * c;
            int x0 = xs + 64 * c;
            ShortVector v = Simd.ubytesToShorts(q, qo);
            ShortVector pl = v.and((short) 0xf).mul(ShortVector.fromArray(S, xq, x0));
            ShortVector ph = v.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(S, xq, x0 + 32));
            for (int h = 2 * L; h < 32; h += 2 * L) {
                v = Simd.ubytesToShorts(q, qo + h);
                pl = pl.add(v.and((short) 0xf).mul(ShortVector.fromArray(S, xq, x0 + h)));
                ph = ph.add(v.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(S, xq, x0 + 32 + h)));
            }
            t = t.add(Simd.widenSum(pl).mul(q[o + 2 * c])).add(Simd.widenSum(ph).mul(q[o + 2 * c + 1]));
        }
        return ((FloatVector) t.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(F, scale), acc);
    }

    /** Batched path: every batch row per widened row-super-block. */
    static void batched(Q4_KMatrix m, Activations.Q8K a, int batch, float[] out, int g0, int g1) {
        int nsb = m.nsb;
        int cols = m.cols;
        Activations.Scratch ws = Activations.Scratch.get(PackedMatrix.GROUP * batch * L, PackedMatrix.GROUP * batch);
        float[] w = ws.w;
        float[] acc = ws.acc;
        float[] macc = ws.macc;
        float[] xf = a.f;
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
            byte[] q = m.qs[c];
            short[] dd = m.dd[c];
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            java.util.Arrays.fill(acc, 0, valid * batch * L, 0f);
            java.util.Arrays.fill(macc, 0, valid * batch, 0f);
            for (int s = 0; s < nsb; s++) {
                for (int k = 0; k < valid; k++) {
                    int u = (g * nsb + s) * 4 + k;
                    int o = u * SB;
                    widen(q, o, w);
                    float dw = Float.float16ToFloat(dd[2 * u]);
                    float dmw = Float.float16ToFloat(dd[2 * u + 1]);
                    for (int b = 0; b < batch; b++) {
                        int xs = b * cols + s * 256;
                        FloatVector t = FloatVector.zero(F);
                        for (int j = 0; j < 8; j++) {
                            int wj = 32 * j;
                            FloatVector sj = FloatVector.fromArray(F, w, wj).mul(FloatVector.fromArray(F, xf, xs + wj));
                            for (int v = L; v < 32; v += L) {
                                sj = FloatVector.fromArray(F, w, wj + v).fma(FloatVector.fromArray(F, xf, xs + wj + v), sj);
                            }
                            t = sj.fma(FloatVector.broadcast(F, (float) q[o + j]), t);
                        }
                        float dy = a.d[b * nsb + s];
                        int ai = (k * batch + b) * L;
                        t.fma(FloatVector.broadcast(F, dw * dy), FloatVector.fromArray(F, acc, ai)).intoArray(acc, ai);
                        macc[k * batch + b] += (dmw * dy) * mins(q, o, a.bs, (b * nsb + s) * 8);
                    }
                }
            }
            for (int k = 0; k < valid; k++) {
                for (int b = 0; b < batch; b++) {
                    out[b * m.rows + r0 + k] = sumLanes(acc, (k * batch + b) * L) - macc[k * batch + b];
                }
            }
        }
    }

    /** The 256 nibbles of the row-super-block at {@code o} as floats, in weight order. */
    private static void widen(byte[] q, int o, float[] w) {
        for (int c = 0; c < 4; c++) {
            for (int h = 0; h < 32; h += L) {
                IntVector v = Simd.ubytesToInts(q, o + 16 + 32 * c + h);
                ((FloatVector) v.and(0xf).convert(VectorOperators.I2F, 0)).intoArray(w, 64 * c + h);
                ((FloatVector) v.lanewise(VectorOperators.LSHR, 4).convert(VectorOperators.I2F, 0))
                        .intoArray(w, 64 * c + 32 + h);
            }
        }
    }

    /** Same order as {@link Simd#sum}. */
    static float sumLanes(float[] a, int off) {
        float s = a[off];
        for (int i = 1; i < L; i++) {
            s += a[off + i];
        }
        return s;
    }
}
