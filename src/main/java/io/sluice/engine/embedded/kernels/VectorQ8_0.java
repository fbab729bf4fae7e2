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
 * Vector kernels for {@link Q8_0Matrix}.
 *
 * <p>Integer path (batch rows one at a time, both rows of a group at once): int8 x int8 products in 16-bit lanes,
 * two per lane, adjacent lanes paired into int lanes, converted to float and scaled once per block:
 * {@code acc += isum * (d_w * d_x)}, llama.cpp's order. Float path (four batch rows at once, one weight row at a
 * time): each weight block is widened to floats once (even and odd 16-bit lanes apart, see {@link Simd}) and used
 * for four activation rows; the per-lane block sums are exact integers, so both paths agree to the bit. A group's
 * weights stay in L1 while every batch row passes over them, so DRAM sees each weight once per call.
 *
 * <p>JIT rule for every kernel class: hot methods call the Vector API directly, never a helper of ours that takes
 * or returns a vector. The API's own methods are force-inlined; ours are not, and past C2's inlining node budget a
 * helper stays a call and every vector crossing it is boxed (several times slower). Accumulators leave through
 * {@code intoArray} for the same reason.
 */
final class VectorQ8_0 {

    private static final int BLOCK_GROUP_BYTES = PackedMatrix.GROUP * 32;

    private VectorQ8_0() {
    }

    static void multiply(Q8_0Matrix m, Activations.Q8 a, int batch, float[] out, int g0, int g1) {
        int nb = m.nb;
        int tiled = batch >= Q8_0Matrix.TILE ? batch / Q8_0Matrix.TILE * Q8_0Matrix.TILE : 0;
        float[] lanes = Activations.Scratch.get(0, 0).lanes;
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
            byte[] q = m.qs[c];
            short[] d = m.d[c];
            int qBase = g * nb * BLOCK_GROUP_BYTES;
            int dBase = g * nb * PackedMatrix.GROUP;
            int r0 = gi * PackedMatrix.GROUP;
            int valid = Math.min(PackedMatrix.GROUP, m.rows - r0);
            for (int b = 0; b < tiled; b += Q8_0Matrix.TILE) {
                for (int k = 0; k < valid; k++) {
                    rowTile(q, d, qBase + k * 32, dBase + k, nb, a.f, a.d, b * m.cols, m.cols, lanes);
                    for (int t = 0; t < Q8_0Matrix.TILE; t++) {
                        out[(b + t) * m.rows + r0 + k] = Simd.sumLanes(lanes, t * L);
                    }
                }
            }
            for (int b = tiled; b < batch; b++) {
                pair(q, d, qBase, dBase, nb, a.q, a.d, b * m.cols, b * nb, lanes);
                for (int k = 0; k < valid; k++) {
                    out[b * m.rows + r0 + k] = Simd.sumLanes(lanes, k * L);
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
            for (int c = 0; c < 32; c += 4 * L) { // once with 8 lanes, twice with 4
                // two chunks of 2L weights: products summed in 16-bit lanes (|sum| <= 2 * 128 * 127), then adjacent
                // lanes paired into 32 bits by shifts of the same register
                ShortVector x0 = ShortVector.fromArray(S, xq, xj + c);
                ShortVector x1 = ShortVector.fromArray(S, xq, xj + c + 2 * L);
                IntVector p0 = ((ShortVector) ByteVector.fromArray(BH, q, qo + c).convertShape(B2S, S, 0)).mul(x0)
                        .add(((ShortVector) ByteVector.fromArray(BH, q, qo + c + 2 * L).convertShape(B2S, S, 0))
                                .mul(x1)).reinterpretAsInts();
                IntVector p1 = ((ShortVector) ByteVector.fromArray(BH, q, qo + 32 + c).convertShape(B2S, S, 0)).mul(x0)
                        .add(((ShortVector) ByteVector.fromArray(BH, q, qo + 32 + c + 2 * L).convertShape(B2S, S, 0))
                                .mul(x1)).reinterpretAsInts();
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
     * Float path: one weight row (first block at {@code qRow}) against the four batch rows starting at
     * {@code xo}; accumulators to {@code lanes[0..4L)}.
     */
    static void rowTile(byte[] q, short[] d, int qRow, int dRow, int nb, float[] xf, float[] xd, int xo, int cols,
                        float[] lanes) {
        int x1 = cols;
        int x2 = 2 * cols;
        int x3 = 3 * cols;
        int d0 = xo / 32;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int qo = qRow + j * BLOCK_GROUP_BYTES;
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (int c = 0; c < 32; c += 2 * L) {
                // a chunk of 2L weights: even 16-bit lanes with the activations' evens (at e), odds with the odds
                IntVector v = ((ShortVector) ByteVector.fromArray(BH, q, qo + c).convertShape(B2S, S, 0))
                        .reinterpretAsInts();
                FloatVector w = (FloatVector) v.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0);
                int e = xo + j * 32 + c;
                s0 = w.fma(FloatVector.fromArray(F, xf, e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
                w = (FloatVector) v.lanewise(ASHR, 16).convert(I2F, 0);
                e += L;
                s0 = w.fma(FloatVector.fromArray(F, xf, e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
            }
            float dw = Float.float16ToFloat(d[dRow + j * PackedMatrix.GROUP]);
            int nbAll = cols / 32;
            a0 = s0.fma(FloatVector.broadcast(F, dw * xd[d0 + j]), a0);
            a1 = s1.fma(FloatVector.broadcast(F, dw * xd[d0 + nbAll + j]), a1);
            a2 = s2.fma(FloatVector.broadcast(F, dw * xd[d0 + 2 * nbAll + j]), a2);
            a3 = s3.fma(FloatVector.broadcast(F, dw * xd[d0 + 3 * nbAll + j]), a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
    }
}
