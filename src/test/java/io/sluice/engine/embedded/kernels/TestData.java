package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

import java.util.Random;

/** Random tensors, ggml encodings and a float64 reference product, written independently of the kernels. */
final class TestData {

    private TestData() {
    }

    /** Gaussian values with a few outliers, like real weights and activations. */
    static float[] gaussian(Random rnd, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * scale);
            if (rnd.nextInt(97) == 0) {
                x[i] *= 8;
            }
        }
        return x;
    }

    static byte[] encode(GgmlType type, float[] values) {
        return switch (type) {
            case F32 -> F32.quantize(values);
            case F16 -> F16.quantize(values);
            case BF16 -> BF16.quantize(values);
            case Q8_0 -> Q8_0.quantize(values);
            case Q4_0 -> Q4_0.quantize(values);
            case Q4_K -> Q4_K.quantize(values);
            case Q6_K -> Q6_K.quantize(values);
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    static float[] decode(GgmlType type, byte[] raw, int count) {
        float[] out = new float[count];
        switch (type) {
            case F32 -> F32.dequantize(raw, 0, out, 0, count);
            case F16 -> F16.dequantize(raw, 0, out, 0, count);
            case BF16 -> BF16.dequantize(raw, 0, out, 0, count);
            case Q8_0 -> Q8_0.dequantize(raw, 0, out, 0, count);
            case Q4_0 -> Q4_0.dequantize(raw, 0, out, 0, count);
            case Q4_K -> Q4_K.dequantize(raw, 0, out, 0, count);
            case Q6_K -> Q6_K.dequantize(raw, 0, out, 0, count);
            default -> throw new IllegalArgumentException(type.toString());
        }
        return out;
    }

    /**
     * One activation row as llama.cpp's CPU backend rounds it before multiplying weights of {@code type}: Q8_0
     * blocks (x86 rule: scale 127/amax, nearest even) for Q8_0/Q4_0, Q8_K for the K-quants, fp16 or bf16.
     */
    static float[] roundActivations(GgmlType type, float[] x, int off, int n) {
        float[] r = new float[n];
        switch (type) {
            case F32 -> System.arraycopy(x, off, r, 0, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    r[i] = Float.float16ToFloat(Float.floatToFloat16(x[off + i]));
                }
            }
            case BF16 -> {
                byte[] b = BF16.quantize(java.util.Arrays.copyOfRange(x, off, off + n));
                BF16.dequantize(b, 0, r, 0, n);
            }
            case Q8_0, Q4_0 -> {
                for (int blk = 0; blk < n / 32; blk++) {
                    float amax = 0;
                    for (int j = 0; j < 32; j++) {
                        amax = Math.max(amax, Math.abs(x[off + blk * 32 + j]));
                    }
                    float d = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
                    float id = amax == 0 ? 0 : 127f / amax;
                    for (int j = 0; j < 32; j++) {
                        r[blk * 32 + j] = (float) Math.rint(x[off + blk * 32 + j] * id) * d;
                    }
                }
            }
            case Q4_K, Q6_K -> {
                byte[] b = Q8_K.quantize(java.util.Arrays.copyOfRange(x, off, off + n));
                Q8_K.dequantize(b, 0, r, 0, n);
            }
            default -> throw new IllegalArgumentException(type.toString());
        }
        return r;
    }

    /** Expected product in float64 and the sum of |terms| (the scale of rounding error), per output. */
    record Expected(double[] value, double[] magnitude) {
    }

    static Expected expected(GgmlType type, byte[] raw, int rows, int cols, float[] x, int batch) {
        float[] w = decode(type, raw, rows * cols);
        double[] v = new double[batch * rows];
        double[] m = new double[batch * rows];
        for (int b = 0; b < batch; b++) {
            float[] xr = roundActivations(type, x, b * cols, cols);
            for (int r = 0; r < rows; r++) {
                double s = 0;
                double a = 0;
                for (int c = 0; c < cols; c++) {
                    double t = (double) w[r * cols + c] * xr[c];
                    s += t;
                    a += Math.abs(t);
                }
                v[b * rows + r] = s;
                m[b * rows + r] = a;
            }
        }
        return new Expected(v, m);
    }
}
