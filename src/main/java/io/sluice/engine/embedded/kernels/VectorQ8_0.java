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
 * Vector kernel for {@link Q8_0Matrix}: int8 x int8 products in 16-bit lanes, two per lane, adjacent lanes paired
 * into int lanes by shifts, converted to float and scaled once per block: {@code acc += isum * (d_w * d_x)},
 * llama.cpp's order. Both rows of a group are done at once; the group's weights (two rows, a few KB) stay in L1
 * while every batch row of the current batch chunk passes over them, so DRAM sees each weight once per chunk of
 * batch rows (one chunk up to ~100 batch rows). From 32 batch rows on (prefill) the {@link #tile float tile} takes
 * over: a block widened per four batch rows was no faster, but widened once per group and chunk of 64 or more rows
 * it saves the 16-bit pairing and the repeated widening, with the same bits.
 *
 * <p>JIT rule for every kernel class: hot methods call the Vector API directly, never a helper of ours that takes
 * or returns a vector. The API's own methods are force-inlined; ours are not, and past C2's inlining node budget a
 * helper stays a call and every vector crossing it is boxed (several times slower). Accumulators leave through
 * {@code intoArray} for the same reason.
 */
final class VectorQ8_0 {

    private static final int BLOCK_GROUP_BYTES = PackedMatrix.GROUP * 32;

    /**
     * Whether the float tile is available: 8 float lanes (its block is four vectors) and 32 vector registers (it
     * keeps 22 live). {@code -Dsluice.kernels.floatTile=false} turns it off.
     */
    static final boolean FLOAT_TILE = Simd.L == 8 && Simd.TILE_BATCH_ROWS
            && Boolean.parseBoolean(System.getProperty("sluice.kernels.floatTile", "true"));

    /** Batch rows from which the float tile runs: below it, widening the weights costs more than it saves. */
    static final int FLOAT_TILE_MIN_ROWS = 32;

    private static final ThreadLocal<float[][]> WIDENED = ThreadLocal.withInitial(() -> new float[2][0]);

    /** This thread's buffers for one group's widened weights ({@code [0]}) and scales ({@code [1]}). */
    static float[][] widenScratch(int nb) {
        float[][] widened = WIDENED.get();
        if (widened[0].length < nb * BLOCK_GROUP_BYTES) {
            widened[0] = new float[nb * BLOCK_GROUP_BYTES];
            widened[1] = new float[nb * PackedMatrix.GROUP];
        }
        return widened;
    }

    /**
     * Batch rows per chunk on the float tile: as many as stay in L2 (float and int16 activations), but never fewer
     * than twice the tile's threshold, or wide matrices (FFN down, 4,864 columns) would never reach the tile.
     */
    static int floatChunk(int cols) {
        return Math.max(PackedMatrix.batchChunk(6L * cols), 2 * FLOAT_TILE_MIN_ROWS);
    }

    /** Whether a multiply of {@code batch} rows uses the float tile (so its activations need {@code Q8.f}). */
    static boolean floatTile(int batch) {
        return FLOAT_TILE && batch >= FLOAT_TILE_MIN_ROWS;
    }

    private VectorQ8_0() {
    }

    static void multiply(Q8_0Matrix m, Activations.Q8 a, int batch, float[] out, int g0, int g1) {
        int nb = m.nb;
        float[] lanes = Activations.Scratch.get(0, 0).lanes;
        boolean floats = floatTile(batch);
        float[][] widened = floats ? widenScratch(nb) : null;
        int chunk = floats ? floatChunk(m.cols) : PackedMatrix.batchChunk(2L * m.cols);
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
                if (floats && b1 - b0 >= FLOAT_TILE_MIN_ROWS) {
                    widen(q, d, qBase, dBase, nb, widened[0], widened[1]);
                    b = tileRows(widened, nb, a, m.cols, m.rows, r0, valid, b0, b1, out, lanes);
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
     * {@link #pair} for two batch rows at once ({@code xo} and {@code xo + xStride}): each weight chunk is loaded and
     * widened once for both. Per (row, batch row) the operations are those of {@code pair}, in the same order, so the
     * bits are the same. Accumulators to {@code lanes[0..4L)}: rows 0 and 1 of the first batch row, then the second.
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
            for (int c = 0; c < 32; c += 4 * L) {
                ShortVector w00 = (ShortVector) ByteVector.fromArray(BH, q, qo + c).convertShape(B2S, S, 0);
                ShortVector w01 = (ShortVector) ByteVector.fromArray(BH, q, qo + c + 2 * L).convertShape(B2S, S, 0);
                ShortVector w10 = (ShortVector) ByteVector.fromArray(BH, q, qo + 32 + c).convertShape(B2S, S, 0);
                ShortVector w11 = (ShortVector) ByteVector.fromArray(BH, q, qo + 32 + c + 2 * L).convertShape(B2S, S, 0);
                ShortVector x0 = ShortVector.fromArray(S, xq, xj + c);
                ShortVector x1 = ShortVector.fromArray(S, xq, xj + c + 2 * L);
                IntVector p0 = w00.mul(x0).add(w01.mul(x1)).reinterpretAsInts();
                IntVector p1 = w10.mul(x0).add(w11.mul(x1)).reinterpretAsInts();
                i0 = i0.add(p0.lanewise(LSHL, 16).lanewise(ASHR, 16)).add(p0.lanewise(ASHR, 16));
                i1 = i1.add(p1.lanewise(LSHL, 16).lanewise(ASHR, 16)).add(p1.lanewise(ASHR, 16));
                ShortVector y0 = ShortVector.fromArray(S, xq, yj + c);
                ShortVector y1 = ShortVector.fromArray(S, xq, yj + c + 2 * L);
                IntVector r0 = w00.mul(y0).add(w01.mul(y1)).reinterpretAsInts();
                IntVector r1 = w10.mul(y0).add(w11.mul(y1)).reinterpretAsInts();
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
     * {@link #tile} over batch rows {@code b0..b1} of one group whose weights are {@code widened}, four rows at a time,
     * writing the group's outputs; returns the first batch row it left for the integer passes (fewer than four).
     * Shared by every format whose weights widen into this layout (Q8_0, Q4_0).
     */
    static int tileRows(float[][] widened, int nb, Activations.Q8 a, int cols, int rows, int r0, int valid, int b0,
                        int b1, float[] out, float[] lanes) {
        int b = b0;
        for (; b + 3 < b1; b += 4) {
            tile(widened[0], widened[1], nb, a.f, a.d, b * cols, b * nb, cols, nb, lanes);
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < valid; k++) {
                    out[(b + i) * rows + r0 + k] = Simd.sumLanes(lanes, (2 * i + k) * L);
                }
            }
        }
        return b;
    }

    /**
     * The group's weights as floats for {@link #tile}: per block {@code j} and row {@code k}, at
     * {@code (j * GROUP + k) * 32}, four vectors holding elements {@code 2i}, {@code 2i+1}, {@code 16+2i} and
     * {@code 17+2i} in lane {@code i} — the elements the integer path sums in its int lane {@code i}; the block
     * scales as floats at {@code j * GROUP + k}.
     */
    static void widen(byte[] q, short[] d, int qBase, int dBase, int nb, float[] w, float[] ws) {
        for (int j = 0; j < nb; j++) {
            for (int k = 0; k < PackedMatrix.GROUP; k++) {
                int o = (j * PackedMatrix.GROUP + k) * 32;
                for (int half = 0; half < 2; half++) {
                    IntVector v = ((ShortVector) ByteVector.fromArray(BH, q, qBase + o + 16 * half)
                            .convertShape(B2S, S, 0)).reinterpretAsInts();
                    ((FloatVector) v.lanewise(LSHL, 16).lanewise(ASHR, 16).convert(I2F, 0))
                            .intoArray(w, o + 16 * half);
                    ((FloatVector) v.lanewise(ASHR, 16).convert(I2F, 0)).intoArray(w, o + 16 * half + L);
                }
                ws[j * PackedMatrix.GROUP + k] = Float.float16ToFloat(d[dBase + j * PackedMatrix.GROUP + k]);
            }
        }
    }

    /**
     * Float tile: the two widened rows of a group against four batch rows ({@code xo + i * xStride}), activations
     * as floats in the same lane order ({@code Activations.Q8.f}). Per lane the block sum is a sum of at most four
     * int8 x int8 products, an exact integer in float (|sum| < 2^17), and it is the integer path's int lane exactly;
     * scaled and accumulated as there ({@code acc = sum.fma(d_w * d_x, acc)}), so the bits are those of
     * {@link #pair}. It does a third of the integer path's instructions per multiply-add: no 16-bit pairing, and
     * the weights are widened once per group rather than once per two batch rows. Accumulators to
     * {@code lanes[(2i + k) * L ..]} for batch row {@code i}, weight row {@code k}. The four batch rows are unrolled
     * by hand: a loop over them would need the accumulators in an array or a helper taking vectors, and either boxes
     * them (see the class comment).
     */
    static void tile(float[] w, float[] ws, int nb, float[] xf, float[] xd, int xo, int xdo, int xStride,
                     int xdStride, float[] lanes) {
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F);
        FloatVector a11 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F);
        FloatVector a21 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F);
        FloatVector a31 = FloatVector.zero(F);
        for (int j = 0; j < nb; j++) {
            int wo = j * BLOCK_GROUP_BYTES;
            FloatVector w00 = FloatVector.fromArray(F, w, wo);
            FloatVector w01 = FloatVector.fromArray(F, w, wo + 8);
            FloatVector w02 = FloatVector.fromArray(F, w, wo + 16);
            FloatVector w03 = FloatVector.fromArray(F, w, wo + 24);
            FloatVector w10 = FloatVector.fromArray(F, w, wo + 32);
            FloatVector w11 = FloatVector.fromArray(F, w, wo + 40);
            FloatVector w12 = FloatVector.fromArray(F, w, wo + 48);
            FloatVector w13 = FloatVector.fromArray(F, w, wo + 56);
            float s0 = ws[j * PackedMatrix.GROUP];
            float s1 = ws[j * PackedMatrix.GROUP + 1];
            int xj = xo + j * 32;
            int dj = xdo + j;

            FloatVector x0 = FloatVector.fromArray(F, xf, xj);
            FloatVector x1 = FloatVector.fromArray(F, xf, xj + 8);
            FloatVector x2 = FloatVector.fromArray(F, xf, xj + 16);
            FloatVector x3 = FloatVector.fromArray(F, xf, xj + 24);
            float dx = xd[dj];
            a00 = w03.fma(x3, w02.fma(x2, w01.fma(x1, w00.mul(x0))))
                    .fma(FloatVector.broadcast(F, s0 * dx), a00);
            a01 = w13.fma(x3, w12.fma(x2, w11.fma(x1, w10.mul(x0))))
                    .fma(FloatVector.broadcast(F, s1 * dx), a01);

            xj += xStride;
            dj += xdStride;
            x0 = FloatVector.fromArray(F, xf, xj);
            x1 = FloatVector.fromArray(F, xf, xj + 8);
            x2 = FloatVector.fromArray(F, xf, xj + 16);
            x3 = FloatVector.fromArray(F, xf, xj + 24);
            dx = xd[dj];
            a10 = w03.fma(x3, w02.fma(x2, w01.fma(x1, w00.mul(x0))))
                    .fma(FloatVector.broadcast(F, s0 * dx), a10);
            a11 = w13.fma(x3, w12.fma(x2, w11.fma(x1, w10.mul(x0))))
                    .fma(FloatVector.broadcast(F, s1 * dx), a11);

            xj += xStride;
            dj += xdStride;
            x0 = FloatVector.fromArray(F, xf, xj);
            x1 = FloatVector.fromArray(F, xf, xj + 8);
            x2 = FloatVector.fromArray(F, xf, xj + 16);
            x3 = FloatVector.fromArray(F, xf, xj + 24);
            dx = xd[dj];
            a20 = w03.fma(x3, w02.fma(x2, w01.fma(x1, w00.mul(x0))))
                    .fma(FloatVector.broadcast(F, s0 * dx), a20);
            a21 = w13.fma(x3, w12.fma(x2, w11.fma(x1, w10.mul(x0))))
                    .fma(FloatVector.broadcast(F, s1 * dx), a21);

            xj += xStride;
            dj += xdStride;
            x0 = FloatVector.fromArray(F, xf, xj);
            x1 = FloatVector.fromArray(F, xf, xj + 8);
            x2 = FloatVector.fromArray(F, xf, xj + 16);
            x3 = FloatVector.fromArray(F, xf, xj + 24);
            dx = xd[dj];
            a30 = w03.fma(x3, w02.fma(x2, w01.fma(x1, w00.mul(x0))))
                    .fma(FloatVector.broadcast(F, s0 * dx), a30);
            a31 = w13.fma(x3, w12.fma(x2, w11.fma(x1, w10.mul(x0))))
                    .fma(FloatVector.broadcast(F, s1 * dx), a31);
        }
        a00.intoArray(lanes, 0);
        a01.intoArray(lanes, L);
        a10.intoArray(lanes, 2 * L);
        a11.intoArray(lanes, 3 * L);
        a20.intoArray(lanes, 4 * L);
        a21.intoArray(lanes, 5 * L);
        a30.intoArray(lanes, 6 * L);
        a31.intoArray(lanes, 7 * L);
    }
}
