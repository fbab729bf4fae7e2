package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The vector-against-scalar and batch-invariance checks as a plain main, so that {@link NarrowVectorsTest} can run
 * them in a JVM whose vectors are narrower than this machine's. Prints {@code OK <bits>} or the failures; exits 1 on
 * failure.
 */
public final class DifferentialMain {

    private DifferentialMain() {
    }

    public static void main(String[] args) {
        List<String> failures = new ArrayList<>();
        if (Kernels.backend() != KernelBackend.VECTOR) {
            System.out.println("SKIP no vector backend");
            return;
        }
        try (KernelPool pool = new KernelPool(2, 1000)) {
            Random rnd = new Random(5);
            for (GgmlType t : WeightMatrices.SUPPORTED) {
                int block = t.blockSize() == 1 ? 32 : t.blockSize();
                int[][] shapes = t.blockSize() == 1 ? new int[][] {{5, 45}, {9, 96}} : new int[][] {{5, block}, {6, 3 * block}};
                for (int[] s : shapes) {
                    check(t, s[0], s[1], pool, rnd, failures);
                }
            }
            // the Q6_K worst case whose integer sums reach 2^24 per lane: constant weights and activations
            float[] c = new float[4 * 256];
            java.util.Arrays.fill(c, 1f);
            checkRaw(GgmlType.Q6_K, Q6_K.quantize(c), 4, 256, c, pool, failures);
        }
        float[] xa = TestData.gaussian(new Random(9), 1024, 3f);
        java.util.Arrays.fill(xa, 256, 512, 0f);
        Activations.Q8 s8 = Activations.Q8.prepare(xa, 1, 1024, false);
        short[] s8q = s8.q.clone();
        float[] s8d = s8.d.clone();
        Activations.Q8 v8 = Activations.Q8.prepare(xa, 1, 1024, true);
        if (!java.util.Arrays.equals(s8q, 0, 1024, v8.q, 0, 1024) || !java.util.Arrays.equals(s8d, 0, 32, v8.d, 0, 32)) {
            failures.add("vector Q8_0 activations differ from scalar");
        }
        Activations.Q8K sk = Activations.Q8K.prepare(xa, 1, 1024, false, false);
        short[] skq = sk.q.clone();
        int[] skb = sk.bs.clone();
        Activations.Q8K vk = Activations.Q8K.prepare(xa, 1, 1024, true, false);
        if (!java.util.Arrays.equals(skq, 0, 1024, vk.q, 0, 1024) || !java.util.Arrays.equals(skb, 0, 32, vk.bs, 0, 32)) {
            failures.add("vector Q8_K activations differ from scalar");
        }
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) i;
        }
        float[] lanes = new float[Simd.L];
        for (int i = 0; i < all.length; i += Simd.L) {
            Simd.halfToFloat(all, i).intoArray(lanes, 0);
            for (int k = 0; k < Simd.L; k++) {
                if (Float.floatToRawIntBits(lanes[k]) != Float.floatToRawIntBits(Float.float16ToFloat(all[i + k]))) {
                    failures.add("halfToFloat 0x" + Integer.toHexString(i + k));
                }
            }
        }
        if (failures.isEmpty()) {
            System.out.println("OK " + Kernels.vectorBits());
        } else {
            failures.forEach(System.out::println);
            System.exit(1);
        }
    }

    private static void check(GgmlType t, int rows, int cols, KernelPool pool, Random rnd, List<String> failures) {
        byte[] raw = TestData.encode(t, TestData.gaussian(rnd, rows * cols, 0.05f));
        checkRaw(t, raw, rows, cols, TestData.gaussian(rnd, 17 * cols, 1f), pool, failures);
    }

    private static void checkRaw(GgmlType t, byte[] raw, int rows, int cols, float[] x, KernelPool pool,
                                 List<String> failures) {
        int batch = x.length / cols;
        PackedMatrix v = WeightMatrices.of(t, raw, rows, cols, pool, KernelBackend.VECTOR, PackedMatrix.MAX_CHUNK_BYTES);
        PackedMatrix s = WeightMatrices.of(t, raw, rows, cols, pool, KernelBackend.SCALAR, PackedMatrix.MAX_CHUNK_BYTES);
        TestData.Expected want = TestData.expected(t, raw, rows, cols, x, batch);
        double units = t.blockSize() == 1 ? cols : cols / t.blockSize();
        float[] all = new float[batch * rows];
        v.multiply(x, batch, all);
        float[] ref = new float[batch * rows];
        s.multiply(x, batch, ref);
        float[] one = new float[rows];
        for (int b = 0; b < batch; b++) {
            v.multiply(java.util.Arrays.copyOfRange(x, b * cols, (b + 1) * cols), 1, one);
            for (int r = 0; r < rows; r++) {
                int i = b * rows + r;
                if (Float.floatToRawIntBits(one[r]) != Float.floatToRawIntBits(all[i])) {
                    failures.add(t + " " + rows + "x" + cols + " batch row " + b + " differs from single call");
                }
                double tol = 2 * (units + 8) * 0x1p-23 * want.magnitude()[i] + 1e-30;
                if (Math.abs(all[i] - ref[i]) > tol || Math.abs(all[i] - want.value()[i]) > tol) {
                    failures.add(t + " " + rows + "x" + cols + " output " + i + ": vector " + all[i] + " scalar "
                            + ref[i] + " float64 " + want.value()[i]);
                }
            }
        }
    }
}
