package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.I;
import static io.sluice.engine.embedded.kernels.Simd.L;
import static io.sluice.engine.embedded.kernels.Simd.SH;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.S2I;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;

/**
 * Vector kernels for {@link F32Matrix} and {@link HalfMatrix}. For every output the sum is one FMA chain over the
 * columns in order ({@code acc = w * x + acc}, L lanes, then the lanes added in a fixed order), whether a group's
 * two rows are taken against one batch row (batch 1 and tails) or one row against four batch rows (tiles), so
 * batched and single results are bit-identical. JIT rules as in {@link VectorQ8_0}; fp16 is widened with integer
 * shifts and one multiplication by 2^112 (the Vector API has no half-precision conversion).
 */
final class VectorFloats {

    private static final int KIND_F16 = 0;
    private static final int KIND_F16_SPECIALS = 1;
    private static final int KIND_BF16 = 2;
    private static final int BLOCK_GROUP = PackedMatrix.GROUP * 32;

    private VectorFloats() {
    }

    static void multiply(F32Matrix m, float[] x, int batch, float[] out, int g0, int g1) {
        int pc = m.paddedCols;
        float[] lanes = Activations.Scratch.get(0, 0).lanes;
        int chunk = tileChunk(pc);
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int b1 = Math.min(batch, b0 + chunk);
            int tiled = b0 + (b1 - b0) / F32Matrix.TILE * F32Matrix.TILE;
            int c = g0 / m.groupsPerChunk; // running chunk/group indices: no division per group
            int g = g0 % m.groupsPerChunk - 1;
            for (int gi = g0; gi < g1; gi++) {
                if (++g == m.groupsPerChunk) {
                    c++;
                    g = 0;
                }
                float[] w = m.w[c];
                int base = g * pc * PackedMatrix.GROUP;
                int r0 = gi * PackedMatrix.GROUP;
                int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
                for (int b = b0; b < tiled; b += F32Matrix.TILE) {
                    for (int k = 0; k < valid; k++) {
                        tile(w, null, base + k * 32, m.nb, 0, null, x, b * pc, pc, lanes);
                        store(lanes, F32Matrix.TILE, out, b * m.rows + r0 + k, m.rows);
                    }
                }
                for (int b = tiled; b < b1; b++) {
                    pairF32(w, base, m.nb, x, b * pc, lanes);
                    store(lanes, valid, out, b * m.rows + r0, 1);
                }
            }
        }
    }

    static void multiply(HalfMatrix m, float[] x, int batch, float[] out, int g0, int g1) {
        int kind = m.bf16 ? KIND_BF16 : m.specials ? KIND_F16_SPECIALS : KIND_F16;
        int pc = m.paddedCols;
        Activations.Scratch ws = Activations.Scratch.get(0, 0);
        int chunk = tileChunk(pc);
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int b1 = Math.min(batch, b0 + chunk);
            int tiled = b0 + (b1 - b0) / HalfMatrix.TILE * HalfMatrix.TILE;
            int c = g0 / m.groupsPerChunk; // running chunk/group indices: no division per group
            int g = g0 % m.groupsPerChunk - 1;
            for (int gi = g0; gi < g1; gi++) {
                if (++g == m.groupsPerChunk) {
                    c++;
                    g = 0;
                }
                short[] w = m.w[c];
                int base = g * pc * PackedMatrix.GROUP;
                int r0 = gi * PackedMatrix.GROUP;
                int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
                for (int b = b0; b < tiled; b += HalfMatrix.TILE) {
                    for (int k = 0; k < valid; k++) {
                        tile(null, w, base + k * 32, m.nb, kind, ws.w, x, b * pc, pc, ws.lanes);
                        store(ws.lanes, HalfMatrix.TILE, out, b * m.rows + r0 + k, m.rows);
                    }
                }
                for (int b = tiled; b < b1; b++) {
                    switch (kind) {
                        case KIND_F16 -> pairF16(w, base, m.nb, x, b * pc, ws.lanes);
                        case KIND_BF16 -> pairBf16(w, base, m.nb, x, b * pc, ws.lanes);
                        default -> pairF16Specials(w, base, m.nb, x, b * pc, ws.lanes);
                    }
                    store(ws.lanes, valid, out, b * m.rows + r0, 1);
                }
            }
        }
    }

    /** Batch rows per pass: a multiple of the tile, activations (floats) within the L2 budget. */
    private static int tileChunk(int paddedCols) {
        int n = PackedMatrix.batchChunk(4L * paddedCols);
        return Math.max(F32Matrix.TILE, n / F32Matrix.TILE * F32Matrix.TILE);
    }

    /** {@code n} lane sums from {@code lanes} to {@code out[at]}, {@code out[at + stride]}, ... */
    private static void store(float[] lanes, int n, float[] out, int at, int stride) {
        for (int i = 0; i < n; i++) {
            out[at + i * stride] = Simd.sumLanes(lanes, i * L);
        }
    }

    /** Both rows of a group against the batch row at {@code xo}; accumulators to {@code lanes[0..2L)}. */
    private static void pairF32(float[] w, int base, int nb, float[] x, int xo, float[] lanes) {
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
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
    }

    /**
     * Finite fp16: sign to bit 31, exponent and mantissa to bits 13..27, then scaling by 2^112 rebiases the exponent
     * (subnormals included, exactly).
     */
    private static void pairF16(short[] w, int base, int nb, float[] x, int xo, float[] lanes) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int wo = base + j * BLOCK_GROUP;
            for (int v = 0; v < 32; v += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xo + j * 32 + v);
                IntVector h0 = (IntVector) ShortVector.fromArray(SH, w, wo + v).convertShape(S2I, I, 0);
                IntVector h1 = (IntVector) ShortVector.fromArray(SH, w, wo + 32 + v).convertShape(S2I, I, 0);
                a0 = h0.lanewise(LSHL, 16).lanewise(ASHR, 3).and(0x8FFFE000).reinterpretAsFloats().mul(0x1p112f)
                        .fma(xv, a0);
                a1 = h1.lanewise(LSHL, 16).lanewise(ASHR, 3).and(0x8FFFE000).reinterpretAsFloats().mul(0x1p112f)
                        .fma(xv, a1);
            }
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
    }

    /** Tensors holding an infinity or NaN: the exact (slower) conversion. */
    private static void pairF16Specials(short[] w, int base, int nb, float[] x, int xo, float[] lanes) {
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
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
    }

    private static void pairBf16(short[] w, int base, int nb, float[] x, int xo, float[] lanes) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int wo = base + j * BLOCK_GROUP;
            for (int v = 0; v < 32; v += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xo + j * 32 + v);
                IntVector h0 = (IntVector) ShortVector.fromArray(SH, w, wo + v).convertShape(S2I, I, 0);
                IntVector h1 = (IntVector) ShortVector.fromArray(SH, w, wo + 32 + v).convertShape(S2I, I, 0);
                a0 = h0.lanewise(LSHL, 16).reinterpretAsFloats().fma(xv, a0);
                a1 = h1.lanewise(LSHL, 16).reinterpretAsFloats().fma(xv, a1);
            }
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
    }

    /**
     * One weight row (first block at {@code wRow}) against the four batch rows from {@code xo}; accumulators to
     * {@code lanes[0..4L)}. 16-bit weights are widened a block at a time into {@code wf} and read back from L1.
     */
    private static void tile(float[] w32, short[] w16, int wRow, int nb, int kind, float[] wf, float[] x, int xo,
                             int pc, float[] lanes) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        float[] src = w32 != null ? w32 : wf;
        for (int j = 0; j < nb; j++) {
            int wo = wRow + j * BLOCK_GROUP;
            if (w16 != null) {
                widenBlock(w16, wo, kind, wf);
                wo = 0;
            }
            int xj = xo + j * 32;
            for (int v = 0; v < 32; v += L) {
                FloatVector wv = FloatVector.fromArray(F, src, wo + v);
                a0 = wv.fma(FloatVector.fromArray(F, x, xj + v), a0);
                a1 = wv.fma(FloatVector.fromArray(F, x, xj + pc + v), a1);
                a2 = wv.fma(FloatVector.fromArray(F, x, xj + 2 * pc + v), a2);
                a3 = wv.fma(FloatVector.fromArray(F, x, xj + 3 * pc + v), a3);
            }
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
    }

    private static void widenBlock(short[] w, int off, int kind, float[] wf) {
        for (int v = 0; v < 32; v += L) {
            IntVector h = (IntVector) ShortVector.fromArray(SH, w, off + v).convertShape(S2I, I, 0);
            if (kind == KIND_F16) {
                h.lanewise(LSHL, 16).lanewise(ASHR, 3).and(0x8FFFE000).reinterpretAsFloats().mul(0x1p112f)
                        .intoArray(wf, v);
            } else if (kind == KIND_BF16) {
                h.lanewise(LSHL, 16).reinterpretAsFloats().intoArray(wf, v);
            } else {
                Simd.halfToFloat(w, off + v).intoArray(wf, v);
            }
        }
    }
}
