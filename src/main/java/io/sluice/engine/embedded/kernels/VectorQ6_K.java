package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.BH;
import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.I;
import static io.sluice.engine.embedded.kernels.Simd.L;
import static io.sluice.engine.embedded.kernels.Simd.S;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.ZERO_EXTEND_B2S;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;

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
        boolean batched = batch >= Q6_KMatrix.BATCHED;
        int chunk = PackedMatrix.batchChunk((batched ? 4L : 2L) * m.cols);
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int b1 = Math.min(batch, b0 + chunk);
            if (batched) {
                batched(m, a, b0, b1, out, g0, g1);
            } else {
                single(m, a, b0, b1, out, g0, g1);
            }
        }
    }

    private static void single(Q6_KMatrix m, Activations.Q8K a, int b0, int b1, float[] out, int g0, int g1) {
        float[] lanes = Activations.Scratch.get(0, 0).lanes;
        int nsb = m.nsb;
        int c = g0 / m.groupsPerChunk; // running chunk/group indices: no division per group
        int g = g0 % m.groupsPerChunk - 1;
        for (int gi = g0; gi < g1; gi++) {
            if (++g == m.groupsPerChunk) {
                c++;
                g = 0;
            }
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            for (int b = b0; b < b1; b++) {
                pair(m.qs[c], m.d[c], g * nsb * PackedMatrix.GROUP, nsb, a.q, a.d, b * m.cols, b * nsb, lanes);
                for (int k = 0; k < valid; k++) {
                    out[b * m.rows + r0 + k] = VectorQ4_K.sumLanes(lanes, k * L);
                }
            }
        }
    }

    /**
     * Integer path: both rows of a group (row-super-blocks {@code u0 + s * 2 + k}) against one batch row, sharing
     * the activation loads; accumulators to {@code lanes[0..2L)}. A padding row is all zeros and comes out 0.
     */
    private static void pair(byte[] q, short[] d, int u0, int nsb, short[] xq, float[] xd, int xo, int sb0,
                             float[] lanes) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int s = 0; s < nsb; s++) {
            int u = u0 + s * PackedMatrix.GROUP;
            int o0 = u * SB;
            float dy = xd[sb0 + s];
            FloatVector scale0 = FloatVector.broadcast(F, Float.float16ToFloat(d[u]) * dy);
            FloatVector scale1 = FloatVector.broadcast(F, Float.float16ToFloat(d[u + 1]) * dy);
            IntVector t0 = IntVector.zero(I);
            IntVector t1 = IntVector.zero(I);
            for (int h = 0; h < 2; h++) {
                int x0 = xo + s * 256 + 128 * h;
                for (int l = 0; l < 32; l += 2 * L) {
                    ShortVector x1 = ShortVector.fromArray(S, xq, x0 + l);
                    ShortVector x2 = ShortVector.fromArray(S, xq, x0 + 32 + l);
                    ShortVector x3 = ShortVector.fromArray(S, xq, x0 + 64 + l);
                    ShortVector x4 = ShortVector.fromArray(S, xq, x0 + 96 + l);
                    // row 0, then row 1 (SB bytes on): (q - 32) * x fits 16 bits (|.| <= 32 * 127); adjacent lanes
                    // paired, then times the sub-block scale
                    int is = o0 + 192 + 8 * h + l / 16;
                    int ql = o0 + 64 * h + l;
                    int qh = o0 + 128 + 32 * h + l;
                    ShortVector va = (ShortVector) ByteVector.fromArray(BH, q, ql).convertShape(ZERO_EXTEND_B2S, S, 0);
                    ShortVector vb = (ShortVector) ByteVector.fromArray(BH, q, ql + 32).convertShape(ZERO_EXTEND_B2S, S, 0);
                    ShortVector vh = (ShortVector) ByteVector.fromArray(BH, q, qh).convertShape(ZERO_EXTEND_B2S, S, 0);
                    IntVector p = va.and((short) 0xf).or(vh.and((short) 3).lanewise(LSHL, 4)).sub((short) 32)
                            .mul(x1).reinterpretAsInts();
                    t0 = t0.add(p.lanewise(LSHL, 16).lanewise(ASHR, 16).add(p.lanewise(ASHR, 16)).mul(q[is]));
                    p = vb.and((short) 0xf).or(vh.lanewise(LSHL, 2).and((short) 0x30)).sub((short) 32)
                            .mul(x2).reinterpretAsInts();
                    t0 = t0.add(p.lanewise(LSHL, 16).lanewise(ASHR, 16).add(p.lanewise(ASHR, 16)).mul(q[is + 2]));
                    p = va.lanewise(LSHR, 4).or(vh.and((short) 0x30)).sub((short) 32).mul(x3).reinterpretAsInts();
                    t0 = t0.add(p.lanewise(LSHL, 16).lanewise(ASHR, 16).add(p.lanewise(ASHR, 16)).mul(q[is + 4]));
                    p = vb.lanewise(LSHR, 4).or(vh.lanewise(LSHR, 2).and((short) 0x30)).sub((short) 32)
                            .mul(x4).reinterpretAsInts();
                    t0 = t0.add(p.lanewise(LSHL, 16).lanewise(ASHR, 16).add(p.lanewise(ASHR, 16)).mul(q[is + 6]));
                    is += SB;
                    ql += SB;
                    qh += SB;
                    va = (ShortVector) ByteVector.fromArray(BH, q, ql).convertShape(ZERO_EXTEND_B2S, S, 0);
                    vb = (ShortVector) ByteVector.fromArray(BH, q, ql + 32).convertShape(ZERO_EXTEND_B2S, S, 0);
                    vh = (ShortVector) ByteVector.fromArray(BH, q, qh).convertShape(ZERO_EXTEND_B2S, S, 0);
                    p = va.and((short) 0xf).or(vh.and((short) 3).lanewise(LSHL, 4)).sub((short) 32)
                            .mul(x1).reinterpretAsInts();
                    t1 = t1.add(p.lanewise(LSHL, 16).lanewise(ASHR, 16).add(p.lanewise(ASHR, 16)).mul(q[is]));
                    p = vb.and((short) 0xf).or(vh.lanewise(LSHL, 2).and((short) 0x30)).sub((short) 32)
                            .mul(x2).reinterpretAsInts();
                    t1 = t1.add(p.lanewise(LSHL, 16).lanewise(ASHR, 16).add(p.lanewise(ASHR, 16)).mul(q[is + 2]));
                    p = va.lanewise(LSHR, 4).or(vh.and((short) 0x30)).sub((short) 32).mul(x3).reinterpretAsInts();
                    t1 = t1.add(p.lanewise(LSHL, 16).lanewise(ASHR, 16).add(p.lanewise(ASHR, 16)).mul(q[is + 4]));
                    p = vb.lanewise(LSHR, 4).or(vh.lanewise(LSHR, 2).and((short) 0x30)).sub((short) 32)
                            .mul(x4).reinterpretAsInts();
                    t1 = t1.add(p.lanewise(LSHL, 16).lanewise(ASHR, 16).add(p.lanewise(ASHR, 16)).mul(q[is + 6]));
                }
                if (SPLIT && h == 0) {
                    a0 = ((FloatVector) t0.convert(I2F, 0)).fma(scale0, a0);
                    a1 = ((FloatVector) t1.convert(I2F, 0)).fma(scale1, a1);
                    t0 = IntVector.zero(I);
                    t1 = IntVector.zero(I);
                }
            }
            a0 = ((FloatVector) t0.convert(I2F, 0)).fma(scale0, a0);
            a1 = ((FloatVector) t1.convert(I2F, 0)).fma(scale1, a1);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
    }

    private static void batched(Q6_KMatrix m, Activations.Q8K a, int b0, int b1, float[] out, int g0, int g1) {
        int nsb = m.nsb;
        int cols = m.cols;
        int n = b1 - b0;
        Activations.Scratch ws = Activations.Scratch.get(PackedMatrix.GROUP * n * L, 0);
        float[] w = ws.w;
        float[] acc = ws.acc;
        int c = g0 / m.groupsPerChunk; // running chunk/group indices: no division per group
        int g = g0 % m.groupsPerChunk - 1;
        for (int gi = g0; gi < g1; gi++) {
            if (++g == m.groupsPerChunk) {
                c++;
                g = 0;
            }
            byte[] q = m.qs[c];
            short[] d = m.d[c];
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            java.util.Arrays.fill(acc, 0, valid * n * L, 0f);
            for (int s = 0; s < nsb; s++) {
                for (int k = 0; k < valid; k++) {
                    int u = (g * nsb + s) * PackedMatrix.GROUP + k;
                    int o = u * SB;
                    widen(q, o, w);
                    float dw = Float.float16ToFloat(d[u]);
                    for (int b = b0; b < b1; b++) {
                        applyRow(q, o, w, a.f, b * cols + s * 256, dw * a.d[b * nsb + s], acc, (k * n + b - b0) * L);
                    }
                }
            }
            for (int k = 0; k < valid; k++) {
                for (int b = b0; b < b1; b++) {
                    out[b * m.rows + r0 + k] = VectorQ4_K.sumLanes(acc, (k * n + b - b0) * L);
                }
            }
        }
    }

    /** One widened row-super-block against one activation row: {@code acc += float(T) * scale}. */
    private static void applyRow(byte[] q, int o, float[] w, float[] xf, int xs, float scale, float[] acc, int ai) {
        FloatVector vs = FloatVector.broadcast(F, scale);
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
                accv = t.fma(vs, accv);
                t = FloatVector.zero(F);
            }
        }
        t.fma(vs, accv).intoArray(acc, ai);
    }

    /** The 256 quants minus 32 of the row-super-block at {@code o} as floats, evens then odds per 2L chunk. */
    private static void widen(byte[] q, int o, float[] w) {
        widenHalf(q, o, 0, w);
        widenHalf(q, o, 1, w);
    }

    private static void widenHalf(byte[] q, int o, int h, float[] w) {
        int ql = o + 64 * h;
        int qh = o + 128 + 32 * h;
        for (int l = 0; l < 32; l += 2 * L) {
            ShortVector va = (ShortVector) ByteVector.fromArray(BH, q, ql + l).convertShape(ZERO_EXTEND_B2S, S, 0);
            ShortVector vb = (ShortVector) ByteVector.fromArray(BH, q, ql + 32 + l).convertShape(ZERO_EXTEND_B2S, S, 0);
            ShortVector vh = (ShortVector) ByteVector.fromArray(BH, q, qh + l).convertShape(ZERO_EXTEND_B2S, S, 0);
            int y = 128 * h + l;
            IntVector v = va.and((short) 0xf).or(vh.and((short) 3).lanewise(LSHL, 4)).sub((short) 32).reinterpretAsInts();
            ((FloatVector) v.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, y);
            ((FloatVector) v.lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, y + L);
            v = vb.and((short) 0xf).or(vh.lanewise(LSHL, 2).and((short) 0x30)).sub((short) 32).reinterpretAsInts();
            ((FloatVector) v.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, y + 32);
            ((FloatVector) v.lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, y + 32 + L);
            v = va.lanewise(LSHR, 4).or(vh.and((short) 0x30)).sub((short) 32).reinterpretAsInts();
            ((FloatVector) v.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, y + 64);
            ((FloatVector) v.lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, y + 64 + L);
            v = vb.lanewise(LSHR, 4).or(vh.lanewise(LSHR, 2).and((short) 0x30)).sub((short) 32).reinterpretAsInts();
            ((FloatVector) v.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, y + 96);
            ((FloatVector) v.lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, y + 96 + L);
        }
    }
}
