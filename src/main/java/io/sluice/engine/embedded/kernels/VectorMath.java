package io.sluice.engine.embedded.kernels;

/** Placeholder scalar math (replaced by the kernels branch). */
public final class VectorMath {
    private VectorMath() {
    }

    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    public static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[xOff + i] * x[xOff + i];
        }
        float scale = (float) (1.0 / Math.sqrt((float) (sum / n) + eps));
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] * scale * weight[i];
        }
    }

    public static float dotF16(short[] k, int kOff, float[] q, int qOff, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += Float.float16ToFloat(k[kOff + i]) * q[qOff + i];
        }
        return s;
    }

    public static void axpyF16(float alpha, short[] v, int vOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * Float.float16ToFloat(v[vOff + i]);
        }
    }

    public static void toF16(float[] src, int srcOff, short[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = Float.floatToFloat16(src[srcOff + i]);
        }
    }
}
