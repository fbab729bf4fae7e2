package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.L;

import jdk.incubator.vector.FloatVector;

/**
 * Vector kernels for {@link F32Matrix} and {@link HalfMatrix}. For every output the sum is one FMA chain over the
 * columns in order ({@code acc = w * x + acc}, L lanes, then the lanes added in a fixed order), whether a group's
 * two rows are taken against one batch row (batch 1 and tails) or one row against four batch rows (tiles), so
 * batched and single results are bit-identical. One small method per weight format, so that the JIT inlines every
 * vector operation (see {@link VectorQ8_0}).
 */
final class VectorFloats {

    private static final int KIND_F16 = 0;
    private static final int KIND_F16_SPECIALS = 1;
    private static final int KIND_BF16 = 2;
    private static final int BLOCK_GROUP = PackedMatrix.GROUP * 32;

    private VectorFloats() {
    }

    static void multiply(F32Matrix m, float[] x, int batch, float[] out, int g0, int g1) {
        int tiled = batch >= F32Matrix.TILE ? batch / F32Matrix.TILE * F32Matrix.TILE : 0;
        int pc = m.paddedCols;
        for (int gi = g0; gi < g1; gi++) {
            float[] w = m.w[gi / m.groupsPerChunk];
            int base = gi % m.groupsPerChunk * pc * PackedMatrix.GROUP;
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            for (int b = 0; b < tiled; b += F32Matrix.TILE) {
                for (int k = 0; k < valid; k++) {
                    tileF32(w, base + k * 32, m.nb, x, b * pc, pc, out, m.rows, b, r0 + k);
                }
            }
            for (int b = tiled; b < batch; b++) {
                pairF32(w, base, m.nb, x, b * pc, out, b * m.rows + r0, valid);
            }
        }
    }

    static void multiply(HalfMatrix m, float[] x, int batch, float[] out, int g0, int g1) {
        int kind = m.bf16 ? KIND_BF16 : m.specials ? KIND_F16_SPECIALS : KIND_F16;
        int tiled = batch >= HalfMatrix.TILE ? batch / HalfMatrix.TILE * HalfMatrix.TILE : 0;
        int pc = m.paddedCols;
        float[] wf = tiled > 0 ? Activations.Scratch.get(0, 0).w : null;
        for (int gi = g0; gi < g1; gi++) {
            short[] w = m.w[gi / m.groupsPerChunk];
            int base = gi % m.groupsPerChunk * pc * PackedMatrix.GROUP;
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            for (int b = 0; b < tiled; b += HalfMatrix.TILE) {
                for (int k = 0; k < valid; k++) {
                    tileHalf(w, base + k * 32, m.nb, kind, wf, x, b * pc, pc, out, m.rows, b, r0 + k);
                }
            }
            for (int b = tiled; b < batch; b++) {
                switch (kind) {
                    case KIND_F16 -> pairF16(w, base, m.nb, x, b * pc, out, b * m.rows + r0, valid);
                    case KIND_BF16 -> pairBf16(w, base, m.nb, x, b * pc, out, b * m.rows + r0, valid);
                    default -> pairF16Specials(w, base, m.nb, x, b * pc, out, b * m.rows + r0, valid);
                }
            }
        }
    }

    /** Both rows of a group against one batch row starting at {@code xo}. */
    private static void pairF32(float[] w, int base, int nb, float[] x, int xo, float[] out, int outBase, int valid) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int wo = base + j * BLOCK_GROUP;
            for (int v = 0; v < 32; v += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xo + j * 32 + v);
                a0 = FloatVector.fromArray(F, w, wo + v).fma(xv, a0);
                a1 = FloatVector.fromArray(F, w, wo + 32 + v).fma(xv, a1);
            }
        }
        storePair(out, outBase, valid, a0, a1);
    }

    private static void pairF16(short[] w, int base, int nb, float[] x, int xo, float[] out, int outBase, int valid) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int wo = base + j * BLOCK_GROUP;
            for (int v = 0; v < 32; v += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xo + j * 32 + v);
                a0 = Simd.finiteHalfToFloat(w, wo + v).fma(xv, a0);
                a1 = Simd.finiteHalfToFloat(w, wo + 32 + v).fma(xv, a1);
            }
        }
        storePair(out, outBase, valid, a0, a1);
    }

    private static void pairF16Specials(short[] w, int base, int nb, float[] x, int xo, float[] out, int outBase,
                                        int valid) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int wo = base + j * BLOCK_GROUP;
            for (int v = 0; v < 32; v += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xo + j * 32 + v);
                a0 = Simd.halfToFloat(w, wo + v).fma(xv, a0);
                a1 = Simd.halfToFloat(w, wo + 32 + v).fma(xv, a1);
            }
        }
        storePair(out, outBase, valid, a0, a1);
    }

    private static void pairBf16(short[] w, int base, int nb, float[] x, int xo, float[] out, int outBase, int valid) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int wo = base + j * BLOCK_GROUP;
            for (int v = 0; v < 32; v += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xo + j * 32 + v);
                a0 = Simd.bf16ToFloat(w, wo + v).fma(xv, a0);
                a1 = Simd.bf16ToFloat(w, wo + 32 + v).fma(xv, a1);
            }
        }
        storePair(out, outBase, valid, a0, a1);
    }

    /** One weight row (its first block at {@code wRow}) against the four batch rows starting at {@code xo}. */
    private static void tileF32(float[] w, int wRow, int nb, float[] x, int xo, int pc, float[] out, int rows, int b0,
                                int r) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int wo = wRow + j * BLOCK_GROUP;
            int xj = xo + j * 32;
            for (int v = 0; v < 32; v += L) {
                FloatVector wv = FloatVector.fromArray(F, w, wo + v);
                a0 = wv.fma(FloatVector.fromArray(F, x, xj + v), a0);
                a1 = wv.fma(FloatVector.fromArray(F, x, xj + pc + v), a1);
                a2 = wv.fma(FloatVector.fromArray(F, x, xj + 2 * pc + v), a2);
                a3 = wv.fma(FloatVector.fromArray(F, x, xj + 3 * pc + v), a3);
            }
        }
        store4(out, rows, b0, r, a0, a1, a2, a3);
    }

    /** As {@link #tileF32}, each 16-bit block first widened into {@code wf} (then read back from L1). */
    private static void tileHalf(short[] w, int wRow, int nb, int kind, float[] wf, float[] x, int xo, int pc,
                                 float[] out, int rows, int b0, int r) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            widenBlock(w, wRow + j * BLOCK_GROUP, kind, wf);
            int xj = xo + j * 32;
            for (int v = 0; v < 32; v += L) {
                FloatVector wv = FloatVector.fromArray(F, wf, v);
                a0 = wv.fma(FloatVector.fromArray(F, x, xj + v), a0);
                a1 = wv.fma(FloatVector.fromArray(F, x, xj + pc + v), a1);
                a2 = wv.fma(FloatVector.fromArray(F, x, xj + 2 * pc + v), a2);
                a3 = wv.fma(FloatVector.fromArray(F, x, xj + 3 * pc + v), a3);
            }
        }
        store4(out, rows, b0, r, a0, a1, a2, a3);
    }

    private static void widenBlock(short[] w, int off, int kind, float[] wf) {
        if (kind == KIND_F16) {
            for (int v = 0; v < 32; v += L) {
                Simd.finiteHalfToFloat(w, off + v).intoArray(wf, v);
            }
        } else if (kind == KIND_BF16) {
            for (int v = 0; v < 32; v += L) {
                Simd.bf16ToFloat(w, off + v).intoArray(wf, v);
            }
        } else {
            for (int v = 0; v < 32; v += L) {
                Simd.halfToFloat(w, off + v).intoArray(wf, v);
            }
        }
    }

    static void storePair(float[] out, int outBase, int valid, FloatVector a0, FloatVector a1) {
        out[outBase] = Simd.sum(a0);
        if (valid > 1) {
            out[outBase + 1] = Simd.sum(a1);
        }
    }

    static void store4(float[] out, int rows, int b0, int r, FloatVector a0, FloatVector a1, FloatVector a2,
                       FloatVector a3) {
        out[b0 * rows + r] = Simd.sum(a0);
        out[(b0 + 1) * rows + r] = Simd.sum(a1);
        out[(b0 + 2) * rows + r] = Simd.sum(a2);
        out[(b0 + 3) * rows + r] = Simd.sum(a3);
    }
}
