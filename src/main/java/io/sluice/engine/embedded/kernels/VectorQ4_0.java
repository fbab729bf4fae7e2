package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.BH;
import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.L;
import static io.sluice.engine.embedded.kernels.Simd.S;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2S;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;

/**
 * Vector kernel for {@link Q4_0Matrix}; same structure and JIT rules as {@link VectorQ8_0}. Nibbles are unpacked
 * in 16-bit lanes (AVX2 has no byte shifts); they are stored XOR 8, so two shifts give the signed {@code q - 8}.
 */
final class VectorQ4_0 {

    private static final int BLOCK_GROUP_BYTES = PackedMatrix.GROUP * 16;

    private VectorQ4_0() {
    }

    static void multiply(Q4_0Matrix m, Activations.Q8 a, int batch, float[] out, int g0, int g1) {
        int nb = m.nb;
        float[] lanes = Activations.Scratch.get(0, 0).lanes;
        boolean floats = VectorQ8_0.floatTile(batch);
        float[][] widened = floats ? VectorQ8_0.widenScratch(nb) : null;
        int chunk = floats ? VectorQ8_0.floatChunk(m.cols) : PackedMatrix.batchChunk(2L * m.cols);
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int b1 = Math.min(batch, b0 + chunk);
            int c = g0 / m.groupsPerChunk; // running chunk/group indices: no division per group
            int g = g0 % m.groupsPerChunk - 1;
            for (int gi = g0; gi < g1; gi++) {
                if (++g == m.groupsPerChunk) {
                    c++;
                    g = 0;
                }
                byte[] q = m.qs[c];
                short[] d = m.d[c];
                int qBase = g * nb * BLOCK_GROUP_BYTES;
                int dBase = g * nb * PackedMatrix.GROUP;
                int r0 = gi * PackedMatrix.GROUP;
                int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
                int b = b0;
                if (floats && b1 - b0 >= VectorQ8_0.FLOAT_TILE_MIN_ROWS) {
                    // Q8_0's float tile over these weights widened: same lanes as pair/quad, same bits
                    widen(q, d, qBase, dBase, nb, widened[0], widened[1]);
                    b = VectorQ8_0.tileRows(widened, nb, a, m.cols, m.rows, r0, valid, b0, b1, out, lanes);
                }
                if (Simd.TILE_BATCH_ROWS) {
                    for (; b + 1 < b1; b += 2) {
                        quad(q, d, qBase, dBase, nb, a.q, a.d, b * m.cols, b * nb, m.cols, nb, lanes);
                        for (int k = 0; k < valid; k++) {
                            out[b * m.rows + r0 + k] = Simd.sumLanes(lanes, k * L);
                            out[(b + 1) * m.rows + r0 + k] = Simd.sumLanes(lanes, (2 + k) * L);
                        }
                    }
                }
                for (; b < b1; b++) {
                    pair(q, d, qBase, dBase, nb, a.q, a.d, b * m.cols, b * nb, lanes);
                    for (int k = 0; k < valid; k++) {
                        out[b * m.rows + r0 + k] = Simd.sumLanes(lanes, k * L);
                    }
                }
            }
        }
    }

    /** Integer path: the two rows of one group against one batch row; accumulators to {@code lanes[0..2L)}. */
    static void pair(byte[] q, short[] d, int qBase, int dBase, int nb, short[] xq, float[] xd, int xo, int xdo,
                     float[] lanes) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int qo = qBase + j * BLOCK_GROUP_BYTES;
            int xj = xo + j * 32;
            IntVector i0 = IntVector.zero(Simd.I);
            IntVector i1 = IntVector.zero(Simd.I);
            for (int c = 0; c < 16; c += 2 * L) { // once with 8 lanes, twice with 4
                // 2L bytes: low nibbles are weights c.., high nibbles 16+c..; two products (|.| <= 8 * 127) per lane
                ShortVector xl = ShortVector.fromArray(S, xq, xj + c);
                ShortVector xh = ShortVector.fromArray(S, xq, xj + 16 + c);
                ShortVector v0 = (ShortVector) ByteVector.fromArray(BH, q, qo + c).convertShape(B2S, S, 0);
                ShortVector v1 = (ShortVector) ByteVector.fromArray(BH, q, qo + 16 + c).convertShape(B2S, S, 0);
                IntVector p0 = v0.lanewise(LSHL, 12).lanewise(ASHR, 12).mul(xl)
                        .add(v0.lanewise(ASHR, 4).mul(xh)).reinterpretAsInts();
                IntVector p1 = v1.lanewise(LSHL, 12).lanewise(ASHR, 12).mul(xl)
                        .add(v1.lanewise(ASHR, 4).mul(xh)).reinterpretAsInts();
                i0 = i0.add(p0.lanewise(LSHL, 16).lanewise(ASHR, 16)).add(p0.lanewise(ASHR, 16));
                i1 = i1.add(p1.lanewise(LSHL, 16).lanewise(ASHR, 16)).add(p1.lanewise(ASHR, 16));
            }
            int dj = dBase + j * PackedMatrix.GROUP;
            float dx = xd[xdo + j];
            a0 = ((FloatVector) i0.convert(I2F, 0)).fma(FloatVector.broadcast(F, Float.float16ToFloat(d[dj]) * dx), a0);
            a1 = ((FloatVector) i1.convert(I2F, 0)).fma(FloatVector.broadcast(F, Float.float16ToFloat(d[dj + 1]) * dx), a1);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
    }

    /**
     * {@link #pair} for two batch rows at once ({@code xo} and {@code xo + xStride}): the nibbles are unpacked once
     * for both. Per (row, batch row) the operations are those of {@code pair}, in the same order: the same bits.
     * Accumulators to {@code lanes[0..4L)}: rows 0 and 1 of the first batch row, then of the second.
     */
    static void quad(byte[] q, short[] d, int qBase, int dBase, int nb, short[] xq, float[] xd, int xo, int xdo,
                     int xStride, int xdStride, float[] lanes) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector b0 = FloatVector.zero(F);
        FloatVector b1 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int qo = qBase + j * BLOCK_GROUP_BYTES;
            int xj = xo + j * 32;
            int yj = xj + xStride;
            IntVector i0 = IntVector.zero(Simd.I);
            IntVector i1 = IntVector.zero(Simd.I);
            IntVector k0 = IntVector.zero(Simd.I);
            IntVector k1 = IntVector.zero(Simd.I);
            for (int c = 0; c < 16; c += 2 * L) {
                ShortVector v0 = (ShortVector) ByteVector.fromArray(BH, q, qo + c).convertShape(B2S, S, 0);
                ShortVector v1 = (ShortVector) ByteVector.fromArray(BH, q, qo + 16 + c).convertShape(B2S, S, 0);
                ShortVector l0 = v0.lanewise(LSHL, 12).lanewise(ASHR, 12);
                ShortVector h0 = v0.lanewise(ASHR, 4);
                ShortVector l1 = v1.lanewise(LSHL, 12).lanewise(ASHR, 12);
                ShortVector h1 = v1.lanewise(ASHR, 4);
                ShortVector xl = ShortVector.fromArray(S, xq, xj + c);
                ShortVector xh = ShortVector.fromArray(S, xq, xj + 16 + c);
                IntVector p0 = l0.mul(xl).add(h0.mul(xh)).reinterpretAsInts();
                IntVector p1 = l1.mul(xl).add(h1.mul(xh)).reinterpretAsInts();
                i0 = i0.add(p0.lanewise(LSHL, 16).lanewise(ASHR, 16)).add(p0.lanewise(ASHR, 16));
                i1 = i1.add(p1.lanewise(LSHL, 16).lanewise(ASHR, 16)).add(p1.lanewise(ASHR, 16));
                ShortVector yl = ShortVector.fromArray(S, xq, yj + c);
                ShortVector yh = ShortVector.fromArray(S, xq, yj + 16 + c);
                IntVector r0 = l0.mul(yl).add(h0.mul(yh)).reinterpretAsInts();
                IntVector r1 = l1.mul(yl).add(h1.mul(yh)).reinterpretAsInts();
                k0 = k0.add(r0.lanewise(LSHL, 16).lanewise(ASHR, 16)).add(r0.lanewise(ASHR, 16));
                k1 = k1.add(r1.lanewise(LSHL, 16).lanewise(ASHR, 16)).add(r1.lanewise(ASHR, 16));
            }
            int dj = dBase + j * PackedMatrix.GROUP;
            float d0 = Float.float16ToFloat(d[dj]);
            float d1 = Float.float16ToFloat(d[dj + 1]);
            float dx = xd[xdo + j];
            float dy = xd[xdo + xdStride + j];
            a0 = ((FloatVector) i0.convert(I2F, 0)).fma(FloatVector.broadcast(F, d0 * dx), a0);
            a1 = ((FloatVector) i1.convert(I2F, 0)).fma(FloatVector.broadcast(F, d1 * dx), a1);
            b0 = ((FloatVector) k0.convert(I2F, 0)).fma(FloatVector.broadcast(F, d0 * dy), b0);
            b1 = ((FloatVector) k1.convert(I2F, 0)).fma(FloatVector.broadcast(F, d1 * dy), b1);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        b0.intoArray(lanes, 2 * L);
        b1.intoArray(lanes, 3 * L);
    }

    /**
     * The group's weights as floats in {@link VectorQ8_0#tile}'s layout (see {@link VectorQ8_0#widen}): a byte's low
     * nibbles are elements 0-15 of its block, the high ones 16-31; scales as floats.
     */
    static void widen(byte[] q, short[] d, int qBase, int dBase, int nb, float[] w, float[] ws) {
        for (int j = 0; j < nb; j++) {
            for (int k = 0; k < PackedMatrix.GROUP; k++) {
                ShortVector v = (ShortVector) ByteVector.fromArray(BH, q, qBase + j * BLOCK_GROUP_BYTES + k * 16)
                        .convertShape(B2S, S, 0);
                int o = (j * PackedMatrix.GROUP + k) * 32;
                IntVector lo = v.lanewise(LSHL, 12).lanewise(ASHR, 12).reinterpretAsInts();
                IntVector hi = v.lanewise(ASHR, 4).reinterpretAsInts();
                ((FloatVector) lo.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, o);
                ((FloatVector) lo.lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, o + L);
                ((FloatVector) hi.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, o + 16);
                ((FloatVector) hi.lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, o + 16 + L);
                ws[j * PackedMatrix.GROUP + k] = Float.float16ToFloat(d[dBase + j * PackedMatrix.GROUP + k]);
            }
        }
    }
}
