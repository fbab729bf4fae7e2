package io.sluice.engine.embedded.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufFormatException;
import io.sluice.engine.embedded.gguf.GgufReader;
import io.sluice.engine.embedded.gguf.GgufWriter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading weight matrices out of a real GGUF file written with {@link GgufWriter}. */
class WeightMatricesTest {

    private static KernelPool pool;

    @BeforeAll
    static void startPool() {
        pool = new KernelPool(2, 10_000);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    @Test
    void loadsEverySupportedTypeFromAGgufFile(@TempDir Path dir) {
        Random rnd = new Random(3);
        int rows = 10;
        Map<String, byte[]> raws = new LinkedHashMap<>();
        Map<String, GgmlType> types = new LinkedHashMap<>();
        GgufWriter w = new GgufWriter().putString("general.architecture", "test");
        for (GgmlType t : WeightMatrices.SUPPORTED) {
            int cols = t.blockSize() == 256 ? 512 : 96;
            byte[] raw = TestData.encode(t, TestData.gaussian(rnd, rows * cols, 0.2f));
            String name = "blk.0." + t.name().toLowerCase() + ".weight";
            w.addTensor(name, t, new long[] {cols, rows}, raw);
            raws.put(name, raw);
            types.put(name, t);
        }
        w.addTensor("output.weight", GgmlType.Q8_0, new long[] {64, 3, 1}, new byte[3 * 2 * 34]);
        Path file = dir.resolve("model.gguf");
        w.write(file);

        try (GgufFile gguf = GgufReader.open(file)) {
            for (var e : raws.entrySet()) {
                GgmlType t = types.get(e.getKey());
                int cols = t.blockSize() == 256 ? 512 : 96;
                WeightMatrix loaded = WeightMatrices.load(gguf, gguf.tensor(e.getKey()), pool);
                assertEquals(rows, loaded.rows());
                assertEquals(cols, loaded.cols());
                assertEquals(t, loaded.type());
                // the same bits whether read in one piece, row by row, or into one-group chunks
                PackedMatrix rowByRow = WeightMatrices.load(gguf, gguf.tensor(e.getKey()), pool, Kernels.backend(),
                        1, 1);
                WeightMatrix direct = WeightMatrices.of(t, e.getValue(), rows, cols, pool);
                float[] x = TestData.gaussian(rnd, 3 * cols, 1f);
                float[] a = new float[3 * rows];
                float[] b = new float[3 * rows];
                float[] c = new float[3 * rows];
                loaded.multiply(x, 3, a);
                rowByRow.multiply(x, 3, b);
                direct.multiply(x, 3, c);
                assertArrayEquals(c, a, t.toString());
                assertArrayEquals(c, b, t.toString());
                float[] want = TestData.decode(t, e.getValue(), rows * cols);
                float[] row = new float[cols];
                rowByRow.row(rows - 1, row, 0);
                assertArrayEquals(java.util.Arrays.copyOfRange(want, (rows - 1) * cols, rows * cols), row);
            }
            WeightMatrix trailingOne = WeightMatrices.load(gguf, gguf.tensor("output.weight"), pool);
            assertEquals(3, trailingOne.rows());
            assertEquals(64, trailingOne.cols());
        }
    }

    @Test
    void unsupportedTypesAndShapesAreNamedInTheError(@TempDir Path dir) {
        Path file = dir.resolve("model.gguf");
        new GgufWriter()
                .addTensor("blk.0.ffn_down.weight", GgmlType.Q5_K, new long[] {256, 2},
                        new byte[(int) GgmlType.Q5_K.bytesFor(512)])
                .addTensor("blk.0.attn_q.weight", GgmlType.F32, new long[] {4, 2, 3}, new byte[4 * 24])
                .write(file);
        try (GgufFile gguf = GgufReader.open(file)) {
            GgufFormatException e = assertThrows(GgufFormatException.class,
                    () -> WeightMatrices.load(gguf, gguf.tensor("blk.0.ffn_down.weight"), pool));
            assertEquals(file + ": tensor 'blk.0.ffn_down.weight' has type Q5_K, which this engine does not support"
                    + " (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K)", e.getMessage());
            GgufFormatException shape = assertThrows(GgufFormatException.class,
                    () -> WeightMatrices.load(gguf, gguf.tensor("blk.0.attn_q.weight"), pool));
            assertTrue(shape.getMessage().contains("'blk.0.attn_q.weight'") && shape.getMessage().contains("2-D"),
                    shape.getMessage());
        }
        GgufFormatException raw = assertThrows(GgufFormatException.class,
                () -> WeightMatrices.of(GgmlType.IQ2_XXS, new byte[66], 1, 256, pool));
        assertTrue(raw.getMessage().contains("IQ2_XXS"), raw.getMessage());
    }
}
