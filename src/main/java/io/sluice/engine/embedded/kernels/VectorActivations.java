package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.L;
import static io.sluice.engine.embedded.kernels.Simd.SH;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.F2I;
import static jdk.incubator.vector.VectorOperators.I2S;
import static jdk.incubator.vector.VectorOperators.MAX;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;

/**
 * Vector versions of the activation quantizers in {@link Activations}, bit-identical to them: the maximum is exact in
 * any order, products are the same IEEE products, and adding then subtracting 1.5 * 2^23 rounds to nearest even
 * exactly as {@code Math.rint} and ggml's {@code nearest_int} do for |v| &lt; 2^22.
 */
final class VectorActivations {

    private static final float MAGIC = 12582912f;

    private VectorActivations() {
    }

    /** Q8_0 rule of {@link Activations.Q8}: {@code nb} blocks of 32 from {@code x} into {@code q} and {@code d}. */
    static void q8(float[] x, int nb, short[] q, float[] d) {
        for (int i = 0; i < nb; i++) {
            int o = i * 32;
            FloatVector m = FloatVector.fromArray(F, x, o).abs();
            for (int v = L; v < 32; v += L) {
                m = m.max(FloatVector.fromArray(F, x, o + v).abs());
            }
            float amax = m.reduceLanes(MAX);
            d[i] = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
            float id = amax != 0f ? 127f / amax : 0f;
            for (int v = 0; v < 32; v += L) {
                FloatVector r = FloatVector.fromArray(F, x, o + v).mul(id).add(MAGIC).sub(MAGIC);
                ((ShortVector) r.convert(F2I, 0).convertShape(I2S, SH, 0)).intoArray(q, o + v);
            }
        }
    }

    /** Q8_K rule of {@link Q8_K#quantizeBlock}: {@code nsb} super-blocks into {@code q}, {@code d} and 32-sums {@code bs}. */
    static void q8k(float[] x, int nsb, short[] q, float[] d, int[] bs) {
        for (int s = 0; s < nsb; s++) {
            int o = s * 256;
            FloatVector m = FloatVector.fromArray(F, x, o).abs();
            for (int v = L; v < 256; v += L) {
                m = m.max(FloatVector.fromArray(F, x, o + v).abs());
            }
            float amax = m.reduceLanes(MAX);
            if (amax == 0f) {
                java.util.Arrays.fill(q, o, o + 256, (short) 0);
                java.util.Arrays.fill(bs, s * 8, s * 8 + 8, 0);
                d[s] = 0f;
                continue;
            }
            int j = 0;
            while (Math.abs(x[o + j]) != amax) {
                j++;
            }
            float iscale = -127f / x[o + j]; // the first value of largest magnitude, sign included
            for (int b = 0; b < 8; b++) {
                IntVector sum = IntVector.zero(Simd.I);
                for (int v = 0; v < 32; v += L) {
                    int e = o + 32 * b + v;
                    IntVector r = (IntVector) FloatVector.fromArray(F, x, e).mul(iscale).add(MAGIC).sub(MAGIC)
                            .convert(F2I, 0);
                    r = r.min(127);
                    ((ShortVector) r.convertShape(I2S, SH, 0)).intoArray(q, e);
                    sum = sum.add(r);
                }
                bs[s * 8 + b] = sum.reduceLanes(ADD);
            }
            d[s] = 1f / iscale;
        }
    }
}
