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
 * Vector kernels for {@link Q6_KMatrix}; same two paths as {@link VectorQ4_K}. The 6-bit quants are rebuilt from
 * {@code ql}/{@code qh} in 16-bit lanes. With 8 float lanes a lane's integer super-block sum stays below 2^24
 * (16 sub-blocks x 128 x 2 products of 32 x 127), exact in float; with 4 lanes it could reach twice that, so there
 * both paths flush the integer sum into the float accumulator after each 128-weight half.
 */
final class VectorQ6_K {

    private static final int SB = Q6_KMatrix.SB;
    /** Flush T after each half super-block (narrow vectors only; see class comment). */
    private static final boolean SPLIT = L < 8;

    private VectorQ6_K() {
    }

    static void multiply(Q6_KMatrix m, Activations.Q8K a, int batch, float[] out, int g0, int g1) {
        if (batch >= Q6_KMatrix.BATCHED) {
            batched(m, a, batch, out, g0, g1);
            return;
        }
        int nsb = m.nsb;
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
            byte[] q = m.qs[c];
            short[] d = m.d[c];
            int base = g * nsb * 4;
            int r0 = gi * PackedMatrix.GROUP;
            for (int b = 0; b < batch; b++) {
                group(q, d, base, nsb, a, b * m.cols, b * nsb, out, b * m.rows + r0, m.rows - r0);
            }
        }
    }

    static void group(byte[] q, short[] d, int base, int nsb, Activations.Q8K a, int xo, int xsb, float[] out,
                      int outBase, int validRows) {
        short[] xq = a.q;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int s = 0; s < nsb; s++) {
            int u = base + s * 4;
            int o = u * SB;
            int xs = xo + s * 256;
            float dy = a.d[xsb + s];
            a0 = superBlock(q, o, xq, xs, Float.float16ToFloat(d[u]) * dy, a0);
            a1 = superBlock(q, o + SB, xq, xs, Float.float16ToFloat(d[u + 1]) * dy, a1);
            a2 = superBlock(q, o + 2 * SB, xq, xs, Float.float16ToFloat(d[u + 2]) * dy, a2);
            a3 = superBlock(q, o + 3 * SB, xq, xs, Float.float16ToFloat(d[u + 3]) * dy, a3);
        }
        VectorFloats.storeGroup(out, outBase, validRows, a0, a1, a2, a3);
    }

    private static FloatVector superBlock(byte[] q, int o, short[] xq, int xs, float scale, FloatVector acc) {
        IntVector t = half(q, o, 0, xq, xs, IntVector.zero(I));
        if (SPLIT) {
            acc = ((FloatVector) t.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(F, scale), acc);
            t = IntVector.zero(I);
        }
        t = half(q, o, 1, xq, xs, t);
        return ((FloatVector) t.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(F, scale), acc);
    }

    /** Adds the scaled sub-block dots of half {@code h} (weights 128h..128h+127) to {@code t}. */
    private static IntVector half(byte[] q, int o, int h, short[] xq, int xs, IntVector t) {
        int ql = o + 64 * h;
        int qh = o + 128 + 32 * h;
        int sc = o + 192 + 8 * h;
        int x0 = xs + 128 * h;
        for (int l = 0; l < 32; l += 2 * L) {
            ShortVector va = Simd.ubytesToShorts(q, ql + l);
            ShortVector vb = Simd.ubytesToShorts(q, ql + 32 + l);
            ShortVector vh = Simd.ubytesToShorts(q, qh + l);
            int is = sc + l / 16;
            ShortVector q1 = va.and((short) 0xf).or(vh.and((short) 3).lanewise(VectorOperators.LSHL, 4));
            ShortVector q2 = vb.and((short) 0xf).or(vh.lanewise(VectorOperators.LSHL, 2).and((short) 0x30));
            ShortVector q3 = va.lanewise(VectorOperators.LSHR, 4).or(vh.and((short) 0x30));
            ShortVector q4 = vb.lanewise(VectorOperators.LSHR, 4).or(vh.lanewise(VectorOperators.LSHR, 2).and((short) 0x30));
            t = t.add(Simd.widenSum(q1.sub((short) 32).mul(ShortVector.fromArray(S, xq, x0 + l))).mul(q[is]));
            t = t.add(Simd.widenSum(q2.sub((short) 32).mul(ShortVector.fromArray(S, xq, x0 + 32 + l))).mul(q[is + 2]));
            t = t.add(Simd.widenSum(q3.sub((short) 32).mul(ShortVector.fromArray(S, xq, x0 + 64 + l))).mul(q[is + 4]));
            t = t.add(Simd.widenSum(q4.sub((short) 32).mul(ShortVector.fromArray(S, xq, x0 + 96 + l))).mul(q[is + 6]));
        }
        return t;
    }

    static void batched(Q6_KMatrix m, Activations.Q8K a, int batch, float[] out, int g0, int g1) {
        int nsb = m.nsb;
        int cols = m.cols;
        Activations.Scratch ws = Activations.Scratch.get(PackedMatrix.GROUP * batch * L, 0);
        float[] w = ws.w;
        float[] acc = ws.acc;
        float[] xf = a.f;
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
            byte[] q = m.qs[c];
            short[] d = m.d[c];
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            java.util.Arrays.fill(acc, 0, valid * batch * L, 0f);
            for (int s = 0; s < nsb; s++) {
                for (int k = 0; k < valid; k++) {
                    int u = (g * nsb + s) * 4 + k;
                    int o = u * SB;
                    widen(q, o, w);
                    float dw = Float.float16ToFloat(d[u]);
                    for (int b = 0; b < batch; b++) {
                        int xs = b * cols + s * 256;
                        int ai = (k * batch + b) * L;
                        FloatVector scale = FloatVector.broadcast(F, dw * a.d[b * nsb + s]);
                        FloatVector accv = FloatVector.fromArray(F, acc, ai);
                        FloatVector t = FloatVector.zero(F);
                        for (int j = 0; j < 16; j++) {
                            int wj = 16 * j;
                            FloatVector sj = FloatVector.fromArray(F, w, wj).mul(FloatVector.fromArray(F, xf, xs + wj));
                            for (int v = L; v < 16; v += L) {
                                sj = FloatVector.fromArray(F, w, wj + v).fma(FloatVector.fromArray(F, xf, xs + wj + v), sj);
                            }
                            t = sj.fma(FloatVector.broadcast(F, (float) q[o + 192 + j]), t);
                            if (SPLIT && j == 7) {
                                accv = t.fma(scale, accv);
                                t = FloatVector.zero(F);
                            }
                        }
                        t.fma(scale, accv).intoArray(acc, ai);
                    }
                }
            }
            for (int k = 0; k < valid; k++) {
                for (int b = 0; b < batch; b++) {
                    out[b * m.rows + r0 + k] = VectorQ4_K.sumLanes(acc, (k * batch + b) * L);
                }
            }
        }
    }

    /** The 256 quants minus 32 of the row-super-block at {@code o} as floats, in weight order. */
    private static void widen(byte[] q, int o, float[] w) {
        for (int h = 0; h < 2; h++) {
            int ql = o + 64 * h;
            int qh = o + 128 + 32 * h;
            for (int l = 0; l < 32; l += L) {
                IntVector va = Simd.ubytesToInts(q, ql + l);
                IntVector vb = Simd.ubytesToInts(q, ql + 32 + l);
                IntVector vh = Simd.ubytesToInts(q, qh + l);
                int y = 128 * h + l;
                store(va.and(0xf).or(vh.and(3).lanewise(VectorOperators.LSHL, 4)), w, y);
                store(vb.and(0xf).or(vh.lanewise(VectorOperators.LSHL, 2).and(0x30)), w, y + 32);
                store(va.lanewise(VectorOperators.LSHR, 4).or(vh.and(0x30)), w, y + 64);
                store(vb.lanewise(VectorOperators.LSHR, 4).or(vh.lanewise(VectorOperators.LSHR, 2).and(0x30)), w, y + 96);
            }
        }
    }

    private static void store(IntVector q6, float[] w, int off) {
        ((FloatVector) q6.sub(32).convert(VectorOperators.I2F, 0)).intoArray(w, off);
    }
}
