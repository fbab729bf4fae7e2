package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.L;
import static io.sluice.engine.embedded.kernels.Simd.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector kernels for {@link Q4_0Matrix}; same two paths as {@link VectorQ8_0}. Nibbles are unpacked in 16-bit (or
 * 32-bit) lanes (AVX2 has no byte shifts), stored pre-XORed so that two shifts give the signed {@code q - 8}.
 */
final class VectorQ4_0 {

    private VectorQ4_0() {
    }

    static void multiply(Q4_0Matrix m, Activations.Q8 a, int batch, float[] out, int g0, int g1) {
        int nb = m.nb;
        int tiled = batch >= Q4_0Matrix.TILE ? batch / Q4_0Matrix.TILE * Q4_0Matrix.TILE : 0;
        for (int gi = g0; gi < g1; gi++) {
            int c = gi / m.groupsPerChunk;
            int g = gi % m.groupsPerChunk;
            byte[] q = m.qs[c];
            short[] d = m.d[c];
            int qBase = g * nb * 64;
            int dBase = g * nb * 4;
            int r0 = gi * PackedMatrix.GROUP;
            for (int b = 0; b < tiled; b += Q4_0Matrix.TILE) {
                for (int k = 0; k < PackedMatrix.GROUP && r0 + k < m.rows; k++) {
                    rowTile(q, d, qBase + k * 16, dBase + k, nb, a, m.cols, b, out, m.rows, r0 + k);
                }
            }
            for (int b = tiled; b < batch; b++) {
                group(q, d, qBase, dBase, nb, a.q, a.d, b * m.cols, b * nb, out, b * m.rows + r0, m.rows - r0);
            }
        }
    }

    static void group(byte[] q, short[] d, int qBase, int dBase, int nb, short[] xq, float[] xd, int xo, int xdo,
                      float[] out, int outBase, int validRows) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int qo = qBase + j * 64;
            int xj = xo + j * 32;
            int dj = dBase + j * 4;
            float dx = xd[xdo + j];
            a0 = block(q, qo, xq, xj, Float.float16ToFloat(d[dj]) * dx, a0);
            a1 = block(q, qo + 16, xq, xj, Float.float16ToFloat(d[dj + 1]) * dx, a1);
            a2 = block(q, qo + 32, xq, xj, Float.float16ToFloat(d[dj + 2]) * dx, a2);
            a3 = block(q, qo + 48, xq, xj, Float.float16ToFloat(d[dj + 3]) * dx, a3);
        }
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

    private static FloatVector block(byte[] q, int qo, short[] xq, int xo, float scale, FloatVector acc) {
        IntVector s = chunk(q, qo, xq, xo);
        for (int c = 2 * L; c < 16; c += 2 * L) {
            s = s.add(chunk(q, qo + c, xq, xo + c));
        }
        return ((FloatVector) s.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(F, scale), acc);
    }

    /** 2L bytes: low nibbles are weights c.., high nibbles weights 16+c..; |two products| &lt;= 2 * 8 * 127. */
    private static IntVector chunk(byte[] q, int qo, short[] xq, int xo) {
        ShortVector v = Simd.bytesToShorts(q, qo);
        ShortVector lo = v.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 12);
        ShortVector hi = v.lanewise(VectorOperators.ASHR, 4);
        ShortVector p = lo.mul(ShortVector.fromArray(S, xq, xo)).add(hi.mul(ShortVector.fromArray(S, xq, xo + 16)));
        return Simd.pairSum(p);
    }

    static void rowTile(byte[] q, short[] d, int qRow, int dRow, int nb, Activations.Q8 a, int cols, int b0,
                        float[] out, int rows, int r) {
        float[] xf = a.f;
        float[] xd = a.d;
        int x0 = b0 * cols;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        int d0 = b0 * nb;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int qo = qRow + j * 64;
            int xj = j * 32;
            ShortVector v = Simd.bytesToShorts(q, qo);
            ShortVector lo = v.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 12);
            ShortVector hi = v.lanewise(VectorOperators.ASHR, 4);
            FloatVector le = Simd.evenToFloat(lo);
            FloatVector lod = Simd.oddToFloat(lo);
            FloatVector he = Simd.evenToFloat(hi);
            FloatVector ho = Simd.oddToFloat(hi);
            FloatVector s0 = dot4(le, lod, he, ho, xf, x0 + xj, FloatVector.zero(F));
            FloatVector s1 = dot4(le, lod, he, ho, xf, x1 + xj, FloatVector.zero(F));
            FloatVector s2 = dot4(le, lod, he, ho, xf, x2 + xj, FloatVector.zero(F));
            FloatVector s3 = dot4(le, lod, he, ho, xf, x3 + xj, FloatVector.zero(F));
            for (int c = 2 * L; c < 16; c += 2 * L) {
                v = Simd.bytesToShorts(q, qo + c);
                lo = v.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 12);
                hi = v.lanewise(VectorOperators.ASHR, 4);
                le = Simd.evenToFloat(lo);
                lod = Simd.oddToFloat(lo);
                he = Simd.evenToFloat(hi);
                ho = Simd.oddToFloat(hi);
                s0 = dot4(le, lod, he, ho, xf, x0 + xj + c, s0);
                s1 = dot4(le, lod, he, ho, xf, x1 + xj + c, s1);
                s2 = dot4(le, lod, he, ho, xf, x2 + xj + c, s2);
                s3 = dot4(le, lod, he, ho, xf, x3 + xj + c, s3);
            }
            float dw = Float.float16ToFloat(d[dRow + j * 4]);
            a0 = s0.fma(FloatVector.broadcast(F, dw * xd[d0 + j]), a0);
            a1 = s1.fma(FloatVector.broadcast(F, dw * xd[d0 + nb + j]), a1);
            a2 = s2.fma(FloatVector.broadcast(F, dw * xd[d0 + 2 * nb + j]), a2);
            a3 = s3.fma(FloatVector.broadcast(F, dw * xd[d0 + 3 * nb + j]), a3);
        }
        out[b0 * rows + r] = Simd.sum(a0);
        out[(b0 + 1) * rows + r] = Simd.sum(a1);
        out[(b0 + 2) * rows + r] = Simd.sum(a2);
        out[(b0 + 3) * rows + r] = Simd.sum(a3);
    }

    /**
     * Low nibbles (weights e..e+2L of the block) against the activations' evens/odds at {@code xo}, high nibbles
     * (weights 16+e..) against those at {@code xo + 16}; added to {@code s}.
     */
    private static FloatVector dot4(FloatVector le, FloatVector lo, FloatVector he, FloatVector ho, float[] xf, int xo,
                                    FloatVector s) {
        FloatVector t = le.fma(FloatVector.fromArray(F, xf, xo), s);
        t = lo.fma(FloatVector.fromArray(F, xf, xo + L), t);
        t = he.fma(FloatVector.fromArray(F, xf, xo + 16), t);
        return ho.fma(FloatVector.fromArray(F, xf, xo + 16 + L), t);
    }
}
