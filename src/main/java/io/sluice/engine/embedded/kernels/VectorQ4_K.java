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
        Activations.Scratch ws = Activations.Scratch.get(PackedMatrix.GROUP * L, PackedMatrix.GROUP);
        int nsb = m.nsb;
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            for (int b = b0; b < b1; b++) {
                group(m.qs[c], m.dd[c], g * nsb * PackedMatrix.GROUP, nsb, a, b, m.cols, valid, ws.acc, ws.macc);
                for (int k = 0; k < valid; k++) {
                    out[b * m.rows + r0 + k] = sumLanes(ws.acc, k * L) - ws.macc[k];
                }
            }
        }
    }

    /** Integer path: the valid rows of one group against batch row {@code b}; {@code base} counts row-super-blocks. */
    private static void group(byte[] q, short[] dd, int base, int nsb, Activations.Q8K a, int b, int cols, int valid,
                              float[] acc, float[] macc) {
        java.util.Arrays.fill(acc, 0, PackedMatrix.GROUP * L, 0f);
        java.util.Arrays.fill(macc, 0, PackedMatrix.GROUP, 0f);
        for (int s = 0; s < nsb; s++) {
            int xs = b * cols + s * 256;
            int sb = b * nsb + s;
            float dy = a.d[sb];
            for (int k = 0; k < valid; k++) {
                int u = base + s * PackedMatrix.GROUP + k;
                int o = u * SB;
                superBlock(q, o, a.q, xs, Float.float16ToFloat(dd[2 * u]) * dy, acc, k * L);
                macc[k] += (Float.float16ToFloat(dd[2 * u + 1]) * dy) * mins(q, o, a.bs, sb * 8);
            }
        }
    }

    static int mins(byte[] q, int o, int[] bs, int bo) {
        int m = 0;
        for (int j = 0; j < 8; j++) {
            m += q[o + 8 + j] * bs[bo + j];
        }
        return m;
    }

    /** {@code acc[ai..ai+L] += float(sum_j scale_j * dot_j) * scale} for the row-super-block at {@code o}. */
    private static void superBlock(byte[] q, int o, short[] xq, int xs, float scale, float[] acc, int ai) {
        IntVector t = IntVector.zero(I);
        for (int c = 0; c < 4; c++) {
            // 32 bytes: low nibbles are sub-block 2c, high nibbles sub-block 2c+1; products (<= 15 * 127) summed
            // over the chunks in 16-bit lanes (at most 4 * 1905), then adjacent lanes paired and scaled
            int qo = o + 16 + 32 * c;
            int x0 = xs + 64 * c;
            ShortVector pl = ShortVector.zero(S);
            ShortVector ph = ShortVector.zero(S);
            for (int h = 0; h < 32; h += 2 * L) {
                ShortVector v = (ShortVector) ByteVector.fromArray(BH, q, qo + h).convertShape(ZERO_EXTEND_B2S, S, 0);
                pl = pl.add(v.and((short) 0xf).mul(ShortVector.fromArray(S, xq, x0 + h)));
                ph = ph.add(v.lanewise(LSHR, 4).mul(ShortVector.fromArray(S, xq, x0 + 32 + h)));
            }
            IntVector il = pl.reinterpretAsInts();
            IntVector ih = ph.reinterpretAsInts();
            t = t.add(il.lanewise(LSHL, 16).lanewise(ASHR, 16).add(il.lanewise(ASHR, 16)).mul(q[o + 2 * c]))
                    .add(ih.lanewise(LSHL, 16).lanewise(ASHR, 16).add(ih.lanewise(ASHR, 16)).mul(q[o + 2 * c + 1]));
        }
        ((FloatVector) t.convert(I2F, 0))
                .fma(FloatVector.broadcast(F, scale), FloatVector.fromArray(F, acc, ai)).intoArray(acc, ai);
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
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
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
