package io.sluice.engine.embedded.kernels;

/** Scalar reference of {@link VectorMath}. */
final class ScalarMath {

    private ScalarMath() {
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            sum += v * v;
        }
        float scale = rmsScale(sum, n, eps);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (x[xOff + i] * scale) * weight[i];
        }
    }

    static float rmsScale(double sumSquares, int n, float eps) {
        float mean = (float) (sumSquares / n);
        return 1f / (float) Math.sqrt(mean + eps);
    }

    static float dotF16(short[] k, int kOff, float[] q, int qOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += Float.float16ToFloat(k[kOff + i]) * q[qOff + i];
        }
        return s;
    }

    static void axpyF16(float alpha, short[] v, int vOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, Float.float16ToFloat(v[vOff + i]), y[yOff + i]);
        }
    }

    static void toF16(float[] src, int srcOff, short[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = Float.floatToFloat16(src[srcOff + i]);
        }
    }
}
