package io.sluice.engine.embedded.kernels;

import static io.sluice.engine.embedded.kernels.Simd.F;
import static io.sluice.engine.embedded.kernels.Simd.L;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API versions of {@link ScalarMath}; tails fall back to scalar code. */
final class SimdMath {

    private static final VectorSpecies<Double> D = F.vectorBitSize() >= 256 ? DoubleVector.SPECIES_256
            : DoubleVector.SPECIES_128;

    private SimdMath() {
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
            s1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), s1);
        }
        for (; i + L <= n; i += L) {
            s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
        }
        float s = Simd.sum(s0.add(s1));
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector va = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(F, x, xOff + i).fma(va, FloatVector.fromArray(F, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector sq = v.mul(v);
            acc = acc.add((DoubleVector) sq.convertShape(VectorOperators.F2D, D, 0))
                    .add((DoubleVector) sq.convertShape(VectorOperators.F2D, D, 1));
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float v = x[xOff + i];
            sum += v * v;
        }
        float scale = ScalarMath.rmsScale(sum, n, eps);
        FloatVector vs = FloatVector.broadcast(F, scale);
        i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(vs).mul(FloatVector.fromArray(F, weight, i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (x[xOff + i] * scale) * weight[i];
        }
    }

    static float dotF16(short[] k, int kOff, float[] q, int qOff, int n) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            s0 = Simd.halfToFloat(k, kOff + i).fma(FloatVector.fromArray(F, q, qOff + i), s0);
            s1 = Simd.halfToFloat(k, kOff + i + L).fma(FloatVector.fromArray(F, q, qOff + i + L), s1);
        }
        for (; i + L <= n; i += L) {
            s0 = Simd.halfToFloat(k, kOff + i).fma(FloatVector.fromArray(F, q, qOff + i), s0);
        }
        float s = Simd.sum(s0.add(s1));
        for (; i < n; i++) {
            s += Float.float16ToFloat(k[kOff + i]) * q[qOff + i];
        }
        return s;
    }

    static void fromF16(short[] src, int srcOff, float[] dst, int dstOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            Simd.halfToFloat(src, srcOff + i).intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) {
            dst[dstOff + i] = Float.float16ToFloat(src[srcOff + i]);
        }
    }

    static void axpyF16(float alpha, short[] v, int vOff, float[] y, int yOff, int n) {
        FloatVector va = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            Simd.halfToFloat(v, vOff + i).fma(va, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, Float.float16ToFloat(v[vOff + i]), y[yOff + i]);
        }
    }
}
