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
 * Vector kernels for {@link Q4_0Matrix}; same two paths and JIT rules as {@link VectorQ8_0}. Nibbles are unpacked
 * in 16-bit lanes (AVX2 has no byte shifts); they are stored XOR 8, so two shifts give the signed {@code q - 8}.
 */
final class VectorQ4_0 {

    private static final int BLOCK_GROUP_BYTES = PackedMatrix.GROUP * 16;

    private VectorQ4_0() {
    }

    static void multiply(Q4_0Matrix m, Activations.Q8 a, int batch, float[] out, int g0, int g1) {
        int nb = m.nb;
        int tiled = batch >= Q4_0Matrix.TILE ? batch / Q4_0Matrix.TILE * Q4_0Matrix.TILE : 0;
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
            for (int b = 0; b < tiled; b += Q4_0Matrix.TILE) {
                for (int k = 0; k < valid; k++) {
                    rowTile(q, d, qBase + k * 16, dBase + k, nb, a.f, a.d, b * m.cols, m.cols, lanes);
                    for (int t = 0; t < Q4_0Matrix.TILE; t++) {
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

    /** Float path: one weight row against the four batch rows starting at {@code xo}; to {@code lanes[0..4L)}. */
    static void rowTile(byte[] q, short[] d, int qRow, int dRow, int nb, float[] xf, float[] xd, int xo, int cols,
                        float[] lanes) {
        int x1 = cols;
        int x2 = 2 * cols;
        int x3 = 3 * cols;
        int d0 = xo / 32;
        int nbAll = cols / 32;
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
            for (int c = 0; c < 16; c += 2 * L) {
                // 2L bytes: low nibbles are the chunk at c, high nibbles the chunk at 16 + c; evens, then odds
                ShortVector v = (ShortVector) ByteVector.fromArray(BH, q, qo + c).convertShape(B2S, S, 0);
                IntVector n = v.lanewise(LSHL, 12).lanewise(ASHR, 12).reinterpretAsInts();
                FloatVector w = (FloatVector) n.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0);
                int e = xo + j * 32 + c;
                s0 = w.fma(FloatVector.fromArray(F, xf, e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
                w = (FloatVector) n.lanewise(ASHR, 16).convert(I2F, 0);
                e += L;
                s0 = w.fma(FloatVector.fromArray(F, xf, e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
                n = v.lanewise(ASHR, 4).reinterpretAsInts();
                w = (FloatVector) n.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0);
                e += 16 - L;
                s0 = w.fma(FloatVector.fromArray(F, xf, e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
                w = (FloatVector) n.lanewise(ASHR, 16).convert(I2F, 0);
                e += L;
                s0 = w.fma(FloatVector.fromArray(F, xf, e), s0);
                s1 = w.fma(FloatVector.fromArray(F, xf, x1 + e), s1);
                s2 = w.fma(FloatVector.fromArray(F, xf, x2 + e), s2);
                s3 = w.fma(FloatVector.fromArray(F, xf, x3 + e), s3);
            }
            float dw = Float.float16ToFloat(d[dRow + j * PackedMatrix.GROUP]);
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
