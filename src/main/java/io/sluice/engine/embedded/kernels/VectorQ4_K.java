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
 * Vector kernels for {@link Q4_KMatrix}.
 *
 * <p>Integer path (small batches): nibble x int8 products in 16-bit lanes, adjacent lanes paired per 32-sub-block,
 * multiplied by the sub-block's 6-bit scale into an int accumulator; once per super-block
 * {@code acc += float(T) * (d * d_y)}, and the min term {@code (dmin * d_y) * sum_j min_j * bsum_j} kept as a
 * scalar: llama.cpp's structure. Batched path: each row's super-block is widened to 256 floats once (evens then odds
 * per chunk, see {@link Simd}) and then used for every batch row. Per lane, T stays below 2^24 in magnitude
 * (8 sub-blocks x 63 x at most 8 products of 15 x 127), so it is exact in float and both paths agree to the bit.
 *
 * <p>Accumulators live in small float arrays between super-blocks, so no vector crosses a method boundary that the
 * JIT might not inline (which would box it).
 */
final class VectorQ4_K {

    private static final int SB = Q4_KMatrix.SB;

    private VectorQ4_K() {
    }

    static void multiply(Q4_KMatrix m, Activations.Q8K a, int batch, float[] out, int g0, int g1) {
        boolean batched = batch >= Q4_KMatrix.BATCHED;
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

    private static void single(Q4_KMatrix m, Activations.Q8K a, int b0, int b1, float[] out, int g0, int g1) {
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
                pair(m.qs[c], m.dd[c], g * nsb * PackedMatrix.GROUP, nsb, a, b * m.cols, b * nsb, lanes);
                for (int k = 0; k < valid; k++) {
                    out[b * m.rows + r0 + k] = sumLanes(lanes, k * L) - lanes[2 * L + k];
                }
            }
        }
    }

    /**
     * Integer path: both rows of a group (row-super-blocks {@code u0 + s * 2 + k}) against one batch row, sharing
     * the activation loads. Dot accumulators to {@code lanes[0..2L)}, min terms to {@code lanes[2L], lanes[2L+1]}.
     * A padding row is all zeros and comes out 0.
     */
    private static void pair(byte[] q, short[] dd, int u0, int nsb, Activations.Q8K a, int xo, int sb0,
                             float[] lanes) {
        short[] xq = a.q;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        float m0 = 0f;
        float m1 = 0f;
        for (int s = 0; s < nsb; s++) {
            int u = u0 + s * PackedMatrix.GROUP;
            int o0 = u * SB;
            int o1 = o0 + SB;
            int xs = xo + s * 256;
            IntVector t0 = IntVector.zero(I);
            IntVector t1 = IntVector.zero(I);
            for (int c = 0; c < 4; c++) {
                // 32 bytes: low nibbles are sub-block 2c, high nibbles sub-block 2c+1; products (<= 15 * 127) summed
                // over the chunks in 16-bit lanes (at most 4 * 1905), then adjacent lanes paired and scaled
                int x0 = xs + 64 * c;
                ShortVector xl = ShortVector.fromArray(S, xq, x0);
                ShortVector xh = ShortVector.fromArray(S, xq, x0 + 32);
                ShortVector v = (ShortVector) ByteVector.fromArray(BH, q, o0 + 16 + 32 * c)
                        .convertShape(ZERO_EXTEND_B2S, S, 0);
                ShortVector pl0 = v.and((short) 0xf).mul(xl);
                ShortVector ph0 = v.lanewise(LSHR, 4).mul(xh);
                v = (ShortVector) ByteVector.fromArray(BH, q, o1 + 16 + 32 * c).convertShape(ZERO_EXTEND_B2S, S, 0);
                ShortVector pl1 = v.and((short) 0xf).mul(xl);
                ShortVector ph1 = v.lanewise(LSHR, 4).mul(xh);
                for (int h = 2 * L; h < 32; h += 2 * L) {
                    xl = ShortVector.fromArray(S, xq, x0 + h);
                    xh = ShortVector.fromArray(S, xq, x0 + 32 + h);
                    v = (ShortVector) ByteVector.fromArray(BH, q, o0 + 16 + 32 * c + h).convertShape(ZERO_EXTEND_B2S, S, 0);
                    pl0 = pl0.add(v.and((short) 0xf).mul(xl));
                    ph0 = ph0.add(v.lanewise(LSHR, 4).mul(xh));
                    v = (ShortVector) ByteVector.fromArray(BH, q, o1 + 16 + 32 * c + h).convertShape(ZERO_EXTEND_B2S, S, 0);
                    pl1 = pl1.add(v.and((short) 0xf).mul(xl));
                    ph1 = ph1.add(v.lanewise(LSHR, 4).mul(xh));
                }
                IntVector il = pl0.reinterpretAsInts();
                IntVector ih = ph0.reinterpretAsInts();
                t0 = t0.add(il.lanewise(LSHL, 16).lanewise(ASHR, 16).add(il.lanewise(ASHR, 16)).mul(q[o0 + 2 * c]))
                        .add(ih.lanewise(LSHL, 16).lanewise(ASHR, 16).add(ih.lanewise(ASHR, 16)).mul(q[o0 + 2 * c + 1]));
                il = pl1.reinterpretAsInts();
                ih = ph1.reinterpretAsInts();
                t1 = t1.add(il.lanewise(LSHL, 16).lanewise(ASHR, 16).add(il.lanewise(ASHR, 16)).mul(q[o1 + 2 * c]))
                        .add(ih.lanewise(LSHL, 16).lanewise(ASHR, 16).add(ih.lanewise(ASHR, 16)).mul(q[o1 + 2 * c + 1]));
            }
            float dy = a.d[sb0 + s];
            int bo = (sb0 + s) * 8;
            a0 = ((FloatVector) t0.convert(I2F, 0)).fma(FloatVector.broadcast(F, Float.float16ToFloat(dd[2 * u]) * dy), a0);
            a1 = ((FloatVector) t1.convert(I2F, 0)).fma(FloatVector.broadcast(F, Float.float16ToFloat(dd[2 * u + 2]) * dy), a1);
            m0 += (Float.float16ToFloat(dd[2 * u + 1]) * dy) * mins(q, o0, a.bs, bo);
            m1 += (Float.float16ToFloat(dd[2 * u + 3]) * dy) * mins(q, o1, a.bs, bo);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        lanes[2 * L] = m0;
        lanes[2 * L + 1] = m1;
    }

    /** {@code sum_j min_j * bsum_j}, exact in int (at most 8 * 63 * 32 * 127). */
    static int mins(byte[] q, int o, int[] bs, int bo) {
        int m = 0;
        for (int j = 0; j < 8; j++) {
            m += q[o + 8 + j] * bs[bo + j];
        }
        return m;
    }

    /** Batched path: batch rows {@code b0..b1} per widened row-super-block. */
    private static void batched(Q4_KMatrix m, Activations.Q8K a, int b0, int b1, float[] out, int g0, int g1) {
        int nsb = m.nsb;
        int cols = m.cols;
        int n = b1 - b0;
        Activations.Scratch ws = Activations.Scratch.get(PackedMatrix.GROUP * n * L, PackedMatrix.GROUP * n);
        float[] w = ws.w;
        float[] acc = ws.acc;
        float[] macc = ws.macc;
        int c = g0 / m.groupsPerChunk; // running chunk/group indices: no division per group
        int g = g0 % m.groupsPerChunk - 1;
        for (int gi = g0; gi < g1; gi++) {
            if (++g == m.groupsPerChunk) {
                c++;
                g = 0;
            }
            byte[] q = m.qs[c];
            short[] dd = m.dd[c];
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            java.util.Arrays.fill(acc, 0, valid * n * L, 0f);
            java.util.Arrays.fill(macc, 0, valid * n, 0f);
            for (int s = 0; s < nsb; s++) {
                for (int k = 0; k < valid; k++) {
                    int u = (g * nsb + s) * PackedMatrix.GROUP + k;
                    int o = u * SB;
                    widen(q, o, w);
                    float dw = Float.float16ToFloat(dd[2 * u]);
                    float dmw = Float.float16ToFloat(dd[2 * u + 1]);
                    for (int b = b0; b < b1; b++) {
                        int sb = b * nsb + s;
                        float dy = a.d[sb];
                        int slot = k * n + b - b0;
                        applyRow(q, o, w, a.f, b * cols + s * 256, dw * dy, acc, slot * L);
                        macc[slot] += (dmw * dy) * mins(q, o, a.bs, sb * 8);
                    }
                }
            }
            for (int k = 0; k < valid; k++) {
                for (int b = b0; b < b1; b++) {
                    int slot = k * n + b - b0;
                    out[b * m.rows + r0 + k] = sumLanes(acc, slot * L) - macc[slot];
                }
            }
        }
    }

    /** One widened row-super-block against one activation row: {@code acc += float(T) * scale}. */
    private static void applyRow(byte[] q, int o, float[] w, float[] xf, int xs, float scale, float[] acc, int ai) {
        FloatVector t = FloatVector.zero(F);
        for (int j = 0; j < 8; j++) {
            int wj = 32 * j;
            FloatVector sj = FloatVector.fromArray(F, w, wj).mul(FloatVector.fromArray(F, xf, xs + wj));
            for (int v = L; v < 32; v += L) {
                sj = FloatVector.fromArray(F, w, wj + v).fma(FloatVector.fromArray(F, xf, xs + wj + v), sj);
            }
            t = sj.fma(FloatVector.broadcast(F, (float) q[o + j]), t);
        }
        t.fma(FloatVector.broadcast(F, scale), FloatVector.fromArray(F, acc, ai)).intoArray(acc, ai);
    }

    /** The 256 nibbles of the row-super-block at {@code o} as floats, evens then odds per 2L chunk. */
    private static void widen(byte[] q, int o, float[] w) {
        for (int c = 0; c < 4; c++) {
            for (int h = 0; h < 32; h += 2 * L) {
                ShortVector v = (ShortVector) ByteVector.fromArray(BH, q, o + 16 + 32 * c + h)
                        .convertShape(ZERO_EXTEND_B2S, S, 0);
                IntVector lo = v.and((short) 0xf).reinterpretAsInts();
                IntVector hi = v.lanewise(LSHR, 4).reinterpretAsInts();
                int y = 64 * c + h;
                ((FloatVector) lo.and(0xffff).convert(I2F, 0)).intoArray(w, y);
                ((FloatVector) lo.lanewise(LSHR, 16).convert(I2F, 0)).intoArray(w, y + L);
                ((FloatVector) hi.and(0xffff).convert(I2F, 0)).intoArray(w, y + 32);
                ((FloatVector) hi.lanewise(LSHR, 16).convert(I2F, 0)).intoArray(w, y + 32 + L);
            }
        }
    }

    static float sumLanes(float[] a, int off) {
        return Simd.sumLanes(a, off);
    }
}
