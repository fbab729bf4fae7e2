package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.L;

import jdk.incubator.vector.FloatVector;

/**
 * Vector kernels for {@link F32Matrix} and {@link HalfMatrix}. For every output the sum is one FMA chain over the
 * columns in order ({@code acc = w * x + acc}, L lanes, then the lanes added in a fixed order), whether a group's
 * four rows are taken against one batch row (batch 1 and tails) or one row against four batch rows (tiles), so
 * batched and single results are bit-identical.
 */
final class VectorFloats {

    private static final int KIND_F16 = 0;
    private static final int KIND_F16_SPECIALS = 1;
    private static final int KIND_BF16 = 2;

    private VectorFloats() {
    }

    static void multiply(F32Matrix m, float[] x, int batch, float[] out, int g0, int g1) {
        int tiled = batch >= F32Matrix.TILE ? batch / F32Matrix.TILE * F32Matrix.TILE : 0;
        int pc = m.paddedCols;
        for (int gi = g0; gi < g1; gi++) {
            float[] w = m.w[gi / m.groupsPerChunk];
            int base = gi % m.groupsPerChunk * pc * PackedMatrix.GROUP;
            int r0 = gi * PackedMatrix.GROUP;
            for (int b = 0; b < tiled; b += F32Matrix.TILE) {
                for (int k = 0; k < PackedMatrix.GROUP && r0 + k < m.rows; k++) {
                    FloatVector a0 = FloatVector.zero(F);
                    FloatVector a1 = FloatVector.zero(F);
                    FloatVector a2 = FloatVector.zero(F);
                    FloatVector a3 = FloatVector.zero(F);
                    int x0 = b * pc;
                    for (int j = 0; j < m.nb; j++) {
                        int wo = base + (j * 4 + k) * 32;
                        int xj = j * 32;
                        for (int v = 0; v < 32; v += L) {
                            FloatVector wv = FloatVector.fromArray(F, w, wo + v);
                            a0 = wv.fma(FloatVector.fromArray(F, x, x0 + xj + v), a0);
                            a1 = wv.fma(FloatVector.fromArray(F, x, x0 + pc + xj + v), a1);
                            a2 = wv.fma(FloatVector.fromArray(F, x, x0 + 2 * pc + xj + v), a2);
                            a3 = wv.fma(FloatVector.fromArray(F, x, x0 + 3 * pc + xj + v), a3);
                        }
                    }
                    store4(out, m.rows, b, r0 + k, a0, a1, a2, a3);
                }
            }
            for (int b = tiled; b < batch; b++) {
                FloatVector a0 = FloatVector.zero(F);
                FloatVector a1 = FloatVector.zero(F);
                FloatVector a2 = FloatVector.zero(F);
                FloatVector a3 = FloatVector.zero(F);
                int x0 = b * pc;
                for (int j = 0; j < m.nb; j++) {
                    int wo = base + j * 128;
                    int xj = x0 + j * 32;
                    for (int v = 0; v < 32; v += L) {
                        FloatVector xv = FloatVector.fromArray(F, x, xj + v);
                        a0 = FloatVector.fromArray(F, w, wo + v).fma(xv, a0);
                        a1 = FloatVector.fromArray(F, w, wo + 32 + v).fma(xv, a1);
                        a2 = FloatVector.fromArray(F, w, wo + 64 + v).fma(xv, a2);
                        a3 = FloatVector.fromArray(F, w, wo + 96 + v).fma(xv, a3);
                    }
                }
                storeGroup(out, b * m.rows + r0, m.rows - r0, a0, a1, a2, a3);
            }
        }
    }

    static void multiply(HalfMatrix m, float[] x, int batch, float[] out, int g0, int g1) {
        int kind = m.bf16 ? KIND_BF16 : m.specials ? KIND_F16_SPECIALS : KIND_F16;
        int tiled = batch >= HalfMatrix.TILE ? batch / HalfMatrix.TILE * HalfMatrix.TILE : 0;
        int pc = m.paddedCols;
        for (int gi = g0; gi < g1; gi++) {
            short[] w = m.w[gi / m.groupsPerChunk];
            int base = gi % m.groupsPerChunk * pc * PackedMatrix.GROUP;
            int r0 = gi * PackedMatrix.GROUP;
            for (int b = 0; b < tiled; b += HalfMatrix.TILE) {
                for (int k = 0; k < PackedMatrix.GROUP && r0 + k < m.rows; k++) {
                    FloatVector a0 = FloatVector.zero(F);
                    FloatVector a1 = FloatVector.zero(F);
                    FloatVector a2 = FloatVector.zero(F);
                    FloatVector a3 = FloatVector.zero(F);
                    int x0 = b * pc;
                    for (int j = 0; j < m.nb; j++) {
                        int wo = base + (j * 4 + k) * 32;
                        int xj = j * 32;
                        for (int v = 0; v < 32; v += L) {
                            FloatVector wv = load(w, wo + v, kind);
                            a0 = wv.fma(FloatVector.fromArray(F, x, x0 + xj + v), a0);
                            a1 = wv.fma(FloatVector.fromArray(F, x, x0 + pc + xj + v), a1);
                            a2 = wv.fma(FloatVector.fromArray(F, x, x0 + 2 * pc + xj + v), a2);
                            a3 = wv.fma(FloatVector.fromArray(F, x, x0 + 3 * pc + xj + v), a3);
                        }
                    }
                    store4(out, m.rows, b, r0 + k, a0, a1, a2, a3);
                }
            }
            for (int b = tiled; b < batch; b++) {
                FloatVector a0 = FloatVector.zero(F);
                FloatVector a1 = FloatVector.zero(F);
                FloatVector a2 = FloatVector.zero(F);
                FloatVector a3 = FloatVector.zero(F);
                int x0 = b * pc;
                for (int j = 0; j < m.nb; j++) {
                    int wo = base + j * 128;
                    int xj = x0 + j * 32;
                    for (int v = 0; v < 32; v += L) {
                        FloatVector xv = FloatVector.fromArray(F, x, xj + v);
                        a0 = load(w, wo + v, kind).fma(xv, a0);
                        a1 = load(w, wo + 32 + v, kind).fma(xv, a1);
                        a2 = load(w, wo + 64 + v, kind).fma(xv, a2);
                        a3 = load(w, wo + 96 + v, kind).fma(xv, a3);
                    }
                }
                storeGroup(out, b * m.rows + r0, m.rows - r0, a0, a1, a2, a3);
            }
        }
    }

    private static FloatVector load(short[] w, int off, int kind) {
        if (kind == KIND_F16) {
            return Simd.finiteHalfToFloat(w, off);
        } else if (kind == KIND_BF16) {
            return Simd.bf16ToFloat(w, off);
        }
        return Simd.halfToFloat(w, off);
    }

    static void storeGroup(float[] out, int outBase, int validRows, FloatVector a0, FloatVector a1, FloatVector a2,
                           FloatVector a3) {
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

    static void store4(float[] out, int rows, int b0, int r, FloatVector a0, FloatVector a1, FloatVector a2,
                       FloatVector a3) {
        out[b0 * rows + r] = Simd.sum(a0);
        out[(b0 + 1) * rows + r] = Simd.sum(a1);
        out[(b0 + 2) * rows + r] = Simd.sum(a2);
        out[(b0 + 3) * rows + r] = Simd.sum(a3);
    }
}
