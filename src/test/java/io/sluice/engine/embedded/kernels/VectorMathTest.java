package io.sluice.engine.embedded.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SimdMath} against {@link ScalarMath} on odd lengths and offsets, and the public entry points. */
class VectorMathTest {

    private static final int[] SIZES = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 128, 899};

    private final Random rnd = new Random(17);

    @BeforeEach
    void vectorOnly() {
        assumeTrue(Kernels.backend() == KernelBackend.VECTOR, "no vector backend on this JVM");
    }

    private float[] values(int n) {
        return TestData.gaussian(rnd, n, 1f);
    }

    private short[] halves(float[] x) {
        short[] h = new short[x.length];
        VectorMath.toF16(x, 0, h, 0, x.length);
        return h;
    }

    @Test
    void dotAgreesWithinSummationOrderError() {
        for (int n : SIZES) {
            float[] a = values(n + 3);
            float[] b = values(n + 5);
            double mag = 0;
            for (int i = 0; i < n; i++) {
                mag += Math.abs(a[3 + i] * b[5 + i]);
            }
            // float sums of n terms in two different orders: each within n * 2^-24 * sum|terms| of the exact sum
            double tol = 2 * n * 0x1p-24 * mag;
            assertEquals(ScalarMath.dot(a, 3, b, 5, n), SimdMath.dot(a, 3, b, 5, n), tol, "n " + n);
            assertEquals(ScalarMath.dot(a, 3, b, 5, n), VectorMath.dot(a, 3, b, 5, n), tol, "n " + n);
        }
    }

    @Test
    void axpyIsBitIdentical() {
        for (int n : SIZES) {
            float[] x = values(n + 2);
            float[] y1 = values(n + 1);
            float[] y2 = y1.clone();
            ScalarMath.axpy(0.37f, x, 2, y1, 1, n);
            VectorMath.axpy(0.37f, x, 2, y2, 1, n); // both one fused multiply-add per element
            assertArrayEquals(y1, y2, "n " + n);
        }
    }

    @Test
    void rmsNormFollowsLlamaOrder() {
        for (int n : SIZES) {
            if (n == 0) {
                continue;
            }
            float[] x = values(n + 4);
            float[] w = values(n);
            float[] want = new float[n];
            double ss = 0;
            for (int i = 0; i < n; i++) {
                float v = x[4 + i];
                ss += v * v;
            }
            float scale = 1f / (float) Math.sqrt((float) (ss / n) + 1e-6f);
            for (int i = 0; i < n; i++) {
                want[i] = (x[4 + i] * scale) * w[i];
            }
            float[] got = new float[n + 2];
            VectorMath.rmsNorm(got, 2, x, 4, w, n, 1e-6f);
            for (int i = 0; i < n; i++) {
                // only the order of the double additions differs; after rounding the mean to float they agree
                // to within an ulp of the scale
                assertEquals(want[i], got[2 + i], Math.ulp(want[i]) * 2, "n " + n + " i " + i);
            }
            float[] inPlace = x.clone();
            VectorMath.rmsNorm(inPlace, 4, inPlace, 4, w, n, 1e-6f);
            assertArrayEquals(java.util.Arrays.copyOfRange(got, 2, n + 2),
                    java.util.Arrays.copyOfRange(inPlace, 4, n + 4));
        }
    }

    @Test
    void fp16CacheHelpers() {
        for (int n : SIZES) {
            float[] kv = values(n + 1);
            short[] h = halves(kv);
            for (int i = 0; i < h.length; i++) {
                assertEquals(Float.floatToFloat16(kv[i]), h[i]);
            }
            float[] q = values(n + 2);
            double mag = 0;
            for (int i = 0; i < n; i++) {
                mag += Math.abs(Float.float16ToFloat(h[1 + i]) * q[2 + i]);
            }
            double tol = 2 * n * 0x1p-24 * mag;
            assertEquals(ScalarMath.dotF16(h, 1, q, 2, n), VectorMath.dotF16(h, 1, q, 2, n), tol, "n " + n);
            float[] y1 = values(n + 3);
            float[] y2 = y1.clone();
            ScalarMath.axpyF16(-1.25f, h, 1, y1, 3, n);
            VectorMath.axpyF16(-1.25f, h, 1, y2, 3, n);
            assertArrayEquals(y1, y2, "n " + n);
        }
        // Attention widens a cached row once and then uses the float dot/axpy: the same bits as the fp16 forms
        for (int n : SIZES) {
            short[] h = halves(values(n + 1));
            float[] q = values(n + 2);
            float[] wide = new float[n + 4];
            VectorMath.fromF16(h, 1, wide, 4, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(Float.float16ToFloat(h[1 + i])),
                        Float.floatToRawIntBits(wide[4 + i]), "n " + n + " element " + i);
            }
            assertEquals(Float.floatToRawIntBits(VectorMath.dotF16(h, 1, q, 2, n)),
                    Float.floatToRawIntBits(VectorMath.dot(wide, 4, q, 2, n)), "dot, n " + n);
            float[] y1 = values(n + 3);
            float[] y2 = y1.clone();
            VectorMath.axpyF16(0.75f, h, 1, y1, 3, n);
            VectorMath.axpy(0.75f, wide, 4, y2, 3, n);
            assertArrayEquals(y1, y2, "axpy, n " + n);
        }
        float[] r = {1f + 0x1p-11f, 70000f, 1e-9f};
        VectorMath.roundToF16(r, 0, 3);
        assertArrayEquals(new float[] {1f, Float.POSITIVE_INFINITY, 0f}, r);
    }

    @Test
    void fp16SpecialValuesGoThroughTheVectorConversion() {
        short[] h = new short[16];
        float[] want = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0x1p-24f, -0x1p-24f, 65504f, -0f, 1f, 2f,
                0.5f, 3f, -1f, 0x1p-14f, 0f, 0f, 0f, 0f};
        VectorMath.toF16(want, 0, h, 0, 16);
        float[] ones = new float[16];
        java.util.Arrays.fill(ones, 1f);
        float[] y = new float[16];
        java.util.Arrays.fill(y, -0f); // so that -0 survives the addition
        VectorMath.axpyF16(1f, h, 0, y, 0, 16);
        assertArrayEquals(want, y);
        h[7] = (short) 0x7e00; // NaN
        assertEquals(Float.NaN, VectorMath.dotF16(h, 0, ones, 0, 16));
    }
}
