package io.sluice.engine.embedded.kernels;

/**
 * Dense helpers of the forward pass (norms, attention over an fp16 KV cache), on the backend {@link Kernels} chose.
 * All run on the calling thread. The fp16 cache holds IEEE binary16 bit patterns in {@code short}s.
 */
public final class VectorMath {

    private static final boolean VECTOR = Kernels.backend() == KernelBackend.VECTOR;

    private VectorMath() {
    }

    /** {@code sum_i a[aOff+i] * b[bOff+i]}, accumulated in float. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return VECTOR ? SimdMath.dot(a, aOff, b, bOff, n) : ScalarMath.dot(a, aOff, b, bOff, n);
    }

    /** {@code y[yOff+i] += alpha * x[xOff+i]}. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (VECTOR) {
            SimdMath.axpy(alpha, x, xOff, y, yOff, n);
        } else {
            ScalarMath.axpy(alpha, x, xOff, y, yOff, n);
        }
    }

    /**
     * RMS norm in llama.cpp's order: the mean of the float squares accumulated in double and rounded to float,
     * {@code scale = 1 / sqrt(mean + eps)} in float, then {@code out[i] = (x[i] * scale) * weight[i]}.
     * {@code out} may be {@code x} (same offset).
     */
    public static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        if (VECTOR) {
            SimdMath.rmsNorm(out, outOff, x, xOff, weight, n, eps);
        } else {
            ScalarMath.rmsNorm(out, outOff, x, xOff, weight, n, eps);
        }
    }

    /**
     * {@code sum_i f16(k[kOff+i]) * q[qOff+i]} in float. llama.cpp rounds {@code q} to fp16 before multiplying an
     * fp16 cache; for parity round it once per query with {@link #roundToF16} rather than per key.
     */
    public static float dotF16(short[] k, int kOff, float[] q, int qOff, int n) {
        return VECTOR ? SimdMath.dotF16(k, kOff, q, qOff, n) : ScalarMath.dotF16(k, kOff, q, qOff, n);
    }

    /** {@code y[yOff+i] += alpha * f16(v[vOff+i])}. */
    public static void axpyF16(float alpha, short[] v, int vOff, float[] y, int yOff, int n) {
        if (VECTOR) {
            SimdMath.axpyF16(alpha, v, vOff, y, yOff, n);
        } else {
            ScalarMath.axpyF16(alpha, v, vOff, y, yOff, n);
        }
    }

    /** {@code dst[dstOff+i] = f16(src[srcOff+i])}, exactly as {@link Float#float16ToFloat}. */
    public static void fromF16(short[] src, int srcOff, float[] dst, int dstOff, int n) {
        if (VECTOR) {
            SimdMath.fromF16(src, srcOff, dst, dstOff, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst[dstOff + i] = Float.float16ToFloat(src[srcOff + i]);
            }
        }
    }

    /** Rounds {@code n} floats to fp16 bit patterns (nearest even, overflow to infinity), e.g. into the KV cache. */
    public static void toF16(float[] src, int srcOff, short[] dst, int dstOff, int n) {
        ScalarMath.toF16(src, srcOff, dst, dstOff, n);
    }

    /** Rounds {@code n} floats in place to the nearest fp16 value. */
    public static void roundToF16(float[] x, int off, int n) {
        for (int i = 0; i < n; i++) {
            x[off + i] = Bits.roundToHalf(x[off + i]);
        }
    }
}
