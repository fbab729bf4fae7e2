package io.sluice.engine.embedded.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.engine.embedded.gguf.GgmlType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link WeightMatrix#multiply} on both backends against a float64 dequantize-then-dot, and the batch, thread-count
 * and chunking invariances.
 *
 * <p>Tolerance: every kernel forms each block's (or super-block's) product as an exact integer times one float scale
 * and sums blocks in float; the reference dequantizes weights to floats (each rounded once) and the activations as
 * llama.cpp rounds them, then sums in float64. The gap is a few float roundings per block, so it is bounded by
 * {@code (blocks + 8) * 2^-23 * sum|w * x|}; F16/BF16/F32 sum every product in float: {@code (cols + 8) * 2^-23}.
 */
class WeightMatrixTest {

    /** Up to 39 rows: past the float tile's threshold (32), with rows left over for the two- and one-row passes. */
    private static final int MAX_BATCH = 39;
    private static final int[] BATCHES = {1, 2, 3, 5, 17, MAX_BATCH};

    private static KernelPool pool;

    @BeforeAll
    static void startPool() {
        pool = new KernelPool(2, 20_000);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    static Stream<Arguments> shapes() {
        List<Arguments> list = new ArrayList<>();
        for (GgmlType t : List.of(GgmlType.Q8_0, GgmlType.Q4_0)) {
            list.add(Arguments.of(t, 1, 32));
            list.add(Arguments.of(t, 7, 96));
            list.add(Arguments.of(t, 13, 160));
            list.add(Arguments.of(t, 4, 544));
        }
        for (GgmlType t : List.of(GgmlType.Q4_K, GgmlType.Q6_K)) {
            list.add(Arguments.of(t, 1, 256));
            list.add(Arguments.of(t, 6, 768));
            list.add(Arguments.of(t, 11, 1280));
        }
        for (GgmlType t : List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16)) {
            list.add(Arguments.of(t, 1, 1));
            list.add(Arguments.of(t, 3, 45));
            list.add(Arguments.of(t, 9, 100));
            list.add(Arguments.of(t, 5, 256));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void matchesFloat64ReferenceOnBothBackends(GgmlType type, int rows, int cols) {
        Random rnd = new Random(31L * rows + cols + type.ordinal());
        byte[] raw = TestData.encode(type, TestData.gaussian(rnd, rows * cols, 0.05f));
        int batch = MAX_BATCH;
        float[] x = TestData.gaussian(rnd, batch * cols, 1f);
        TestData.Expected want = TestData.expected(type, raw, rows, cols, x, batch);
        double units = type.blockSize() == 1 ? cols : cols / type.blockSize();
        for (KernelBackend backend : backends()) {
            PackedMatrix m = WeightMatrices.of(type, raw, rows, cols, pool, backend, PackedMatrix.MAX_CHUNK_BYTES);
            for (int b : BATCHES) {
                float[] out = new float[b * rows];
                m.multiply(x, b, out);
                for (int i = 0; i < b * rows; i++) {
                    double tol = (units + 8) * 0x1p-23 * want.magnitude()[i] + 1e-30;
                    assertEquals(want.value()[i], out[i], tol,
                            () -> backend + " " + type + " " + rows + "x" + cols + " batch " + b);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void batchedRowsEqualSingleCallsBitForBit(GgmlType type, int rows, int cols) {
        Random rnd = new Random(7L * rows + cols + type.ordinal());
        byte[] raw = TestData.encode(type, TestData.gaussian(rnd, rows * cols, 0.05f));
        float[] x = TestData.gaussian(rnd, MAX_BATCH * cols, 1f);
        for (KernelBackend backend : backends()) {
            PackedMatrix m = WeightMatrices.of(type, raw, rows, cols, pool, backend, PackedMatrix.MAX_CHUNK_BYTES);
            float[] single = new float[MAX_BATCH * rows];
            float[] one = new float[rows];
            for (int b = 0; b < MAX_BATCH; b++) {
                m.multiply(java.util.Arrays.copyOfRange(x, b * cols, (b + 1) * cols), 1, one);
                System.arraycopy(one, 0, single, b * rows, rows);
            }
            for (int b : BATCHES) {
                float[] out = new float[b * rows];
                m.multiply(x, b, out);
                assertArrayEquals(java.util.Arrays.copyOf(single, b * rows), out,
                        backend + " " + type + " batch " + b);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void vectorAgreesWithScalarReference(GgmlType type, int rows, int cols) {
        assumeTrue(Kernels.backend() == KernelBackend.VECTOR, "no vector backend on this JVM");
        Random rnd = new Random(11L * rows + cols + type.ordinal());
        byte[] raw = TestData.encode(type, TestData.gaussian(rnd, rows * cols, 0.05f));
        float[] x = TestData.gaussian(rnd, 5 * cols, 1f);
        TestData.Expected want = TestData.expected(type, raw, rows, cols, x, 5);
        PackedMatrix vector = WeightMatrices.of(type, raw, rows, cols, pool, KernelBackend.VECTOR,
                PackedMatrix.MAX_CHUNK_BYTES);
        PackedMatrix scalar = WeightMatrices.of(type, raw, rows, cols, pool, KernelBackend.SCALAR,
                PackedMatrix.MAX_CHUNK_BYTES);
        double units = type.blockSize() == 1 ? cols : cols / type.blockSize();
        for (int b : BATCHES) {
            if (b > 5) {
                continue;
            }
            float[] v = new float[b * rows];
            float[] s = new float[b * rows];
            vector.multiply(x, b, v);
            scalar.multiply(x, b, s);
            for (int i = 0; i < b * rows; i++) {
                // both sum the same exact per-block integers times the same float scales; only the order of the
                // float additions differs (lanes, FMA), so each is within the reference bound of the other
                double tol = 2 * (units + 8) * 0x1p-23 * want.magnitude()[i] + 1e-30;
                assertEquals(s[i], v[i], tol, type + " batch " + b + " output " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void rowDecodesLikeDequantize(GgmlType type, int rows, int cols) {
        Random rnd = new Random(rows + cols);
        byte[] raw = TestData.encode(type, TestData.gaussian(rnd, rows * cols, 0.3f));
        float[] want = TestData.decode(type, raw, rows * cols);
        WeightMatrix m = WeightMatrices.of(type, raw, rows, cols, pool);
        float[] got = new float[cols + 3];
        for (int r = 0; r < rows; r++) {
            m.row(r, got, 3);
            assertArrayEquals(java.util.Arrays.copyOfRange(want, r * cols, (r + 1) * cols),
                    java.util.Arrays.copyOfRange(got, 3, cols + 3), type + " row " + r);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void chunksAndThreadCountsDoNotChangeBits(GgmlType type, int rows, int cols) {
        Random rnd = new Random(rows * 13L + cols);
        byte[] raw = TestData.encode(type, TestData.gaussian(rnd, rows * cols, 0.1f));
        float[] x = TestData.gaussian(rnd, 5 * cols, 1f);
        PackedMatrix whole = WeightMatrices.of(type, raw, rows, cols, pool, Kernels.backend(),
                PackedMatrix.MAX_CHUNK_BYTES);
        PackedMatrix chunked = WeightMatrices.of(type, raw, rows, cols, pool, Kernels.backend(), 1);
        assertEquals((rows + PackedMatrix.GROUP - 1) / PackedMatrix.GROUP, chunked.chunks, "one group per chunk");
        float[] want = new float[5 * rows];
        whole.multiply(x, 5, want);
        float[] got = new float[5 * rows];
        chunked.multiply(x, 5, got);
        assertArrayEquals(want, got, "chunked");
        float[] r = new float[cols];
        float[] r2 = new float[cols];
        whole.row(rows - 1, r, 0);
        chunked.row(rows - 1, r2, 0);
        assertArrayEquals(r, r2, "row of chunked");
        try (KernelPool three = new KernelPool(3, 1000)) {
            PackedMatrix m3 = WeightMatrices.of(type, raw, rows, cols, three, Kernels.backend(), 1 << 20);
            float[] got3 = new float[5 * rows];
            m3.multiply(x, 5, got3);
            assertArrayEquals(want, got3, "3 threads");
        }
    }

    /**
     * Wide rows force several batch chunks per call (activations beyond the L2 budget); results must not move. 70 rows
     * take the float tile in a first chunk of 64 and the integer passes in the last 6.
     */
    @Test
    void batchChunksDoNotChangeBits() {
        int cols = 8192;
        int rows = 3;
        int batch = 70;
        for (GgmlType t : WeightMatrices.SUPPORTED) {
            Random rnd = new Random(t.ordinal());
            byte[] raw = TestData.encode(t, TestData.gaussian(rnd, rows * cols, 0.05f));
            float[] x = TestData.gaussian(rnd, batch * cols, 1f);
            assertTrue(PackedMatrix.batchChunk(2L * cols) < 17, "the test must span several chunks");
            WeightMatrix m = WeightMatrices.of(t, raw, rows, cols, pool);
            float[] all = new float[batch * rows];
            m.multiply(x, batch, all);
            float[] one = new float[rows];
            for (int b = 0; b < batch; b++) {
                m.multiply(java.util.Arrays.copyOfRange(x, b * cols, (b + 1) * cols), 1, one);
                assertArrayEquals(one, java.util.Arrays.copyOfRange(all, b * rows, (b + 1) * rows), t + " row " + b);
            }
        }
    }

    @Test
    void residentBytesCoverThePackedWeights() {
        byte[] raw = Q4_K.quantize(new float[8 * 512]);
        WeightMatrix m = WeightMatrices.of(GgmlType.Q4_K, raw, 8, 512, pool);
        long ggml = raw.length;
        assertTrue(m.residentBytes() >= ggml && m.residentBytes() < ggml * 1.1 + 256, "" + m.residentBytes());
        assertEquals(8, m.rows());
        assertEquals(512, m.cols());
        assertEquals(GgmlType.Q4_K, m.type());
    }

    @Test
    void argumentsAreChecked() {
        WeightMatrix m = WeightMatrices.of(GgmlType.Q8_0, new byte[2 * 34], 2, 32, pool);
        assertThrows(IllegalArgumentException.class, () -> m.multiply(new float[31], 1, new float[2]));
        assertThrows(IllegalArgumentException.class, () -> m.multiply(new float[32], 1, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> m.multiply(new float[32], 0, new float[2]));
        assertThrows(IndexOutOfBoundsException.class, () -> m.row(2, new float[32], 0));
        assertThrows(IllegalArgumentException.class,
                () -> WeightMatrices.of(GgmlType.Q8_0, new byte[34], 1, 33, pool));
    }

    @Test
    void zeroActivationsAndWeightsGiveZero() {
        for (GgmlType t : WeightMatrices.SUPPORTED) {
            int cols = 256;
            WeightMatrix m = WeightMatrices.of(t, new byte[(int) t.bytesFor(3L * cols)], 3, cols, pool);
            float[] out = new float[3 * 4];
            java.util.Arrays.fill(out, Float.NaN);
            m.multiply(new float[4 * cols], 4, out);
            assertArrayEquals(new float[12], out, t.toString());
        }
    }

    private static List<KernelBackend> backends() {
        return Kernels.backend() == KernelBackend.VECTOR
                ? List.of(KernelBackend.SCALAR, KernelBackend.VECTOR) : List.of(KernelBackend.SCALAR);
    }
}
