package io.sluice.engine.embedded.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyMetadataTypeAndTensorSurvivesAWriteAndARead() {
        GgufWriter w = new GgufWriter();
        w.put("u8", new GgufValue(GgufValueType.UINT8, null, 200L));
        w.put("i8", new GgufValue(GgufValueType.INT8, null, -100L));
        w.put("u16", new GgufValue(GgufValueType.UINT16, null, 60000L));
        w.put("i16", new GgufValue(GgufValueType.INT16, null, -30000L));
        w.putUInt32("u32", 4_000_000_000L);
        w.put("i32", GgufValue.ofInt32(-2_000_000_000));
        w.putFloat32("f32", 1.5f);
        w.putBool("bool", true);
        w.putString("str", "héllo 世界 🎉");
        w.put("u64", GgufValue.ofUInt64(-1L));
        w.put("i64", new GgufValue(GgufValueType.INT64, null, Long.MIN_VALUE));
        w.put("f64", new GgufValue(GgufValueType.FLOAT64, null, Math.PI));
        w.put("strings", GgufValue.ofStrings("a", "", "ĠĊ"));
        w.put("floats", GgufValue.ofFloats(1f, -2f, Float.MIN_VALUE));
        w.put("ints", GgufValue.ofInt32s(1, -1, 7));
        w.put("bytes", new GgufValue(GgufValueType.ARRAY, GgufValueType.UINT8, new byte[] {(byte) 255, 0}));
        w.put("shorts", new GgufValue(GgufValueType.ARRAY, GgufValueType.INT16, new short[] {-5, 5}));
        w.put("longs", new GgufValue(GgufValueType.ARRAY, GgufValueType.UINT64, new long[] {1, 2}));
        w.put("doubles", new GgufValue(GgufValueType.ARRAY, GgufValueType.FLOAT64, new double[] {0.25}));
        w.put("bools", new GgufValue(GgufValueType.ARRAY, GgufValueType.BOOL, new boolean[] {true, false}));
        w.put("nested", new GgufValue(GgufValueType.ARRAY, GgufValueType.ARRAY,
                new GgufValue[] {GgufValue.ofInt32s(1, 2), GgufValue.ofStrings("x")}));
        byte[] f32 = floats(1f, 2f, 3f, 4f, 5f, 6f);
        byte[] q80 = new byte[34 * 2];
        q80[0] = 1;
        q80[67] = 9;
        w.addTensor("a", GgmlType.F32, new long[] {3, 2}, f32);
        w.addTensor("b", GgmlType.Q8_0, new long[] {64}, q80);
        Path file = dir.resolve("all.gguf");
        w.write(file);

        try (GgufFile g = GgufReader.open(file)) {
            GgufMetadata m = g.metadata();
            assertEquals(3, g.version());
            assertEquals(200, m.getInt("u8"));
            assertEquals(-100, m.getInt("i8"));
            assertEquals(60000, m.getInt("u16"));
            assertEquals(-30000, m.getInt("i16"));
            assertEquals(4_000_000_000L, m.getLong("u32"));
            assertEquals(-2_000_000_000, m.getInt("i32"));
            assertEquals(1.5f, m.getFloat("f32"));
            assertTrue(m.getBoolean("bool", false));
            assertEquals("héllo 世界 🎉", m.getString("str"));
            assertEquals(new GgufValue(GgufValueType.UINT64, null, -1L), m.value("u64").orElseThrow());
            assertThrows(GgufFormatException.class, () -> m.getLong("u64"));
            assertEquals(Long.MIN_VALUE, m.getLong("i64"));
            assertEquals((float) Math.PI, m.getFloat("f64"));
            assertArrayEquals(new String[] {"a", "", "ĠĊ"}, m.getStringArray("strings"));
            assertArrayEquals(new float[] {1f, -2f, Float.MIN_VALUE}, m.getFloatArray("floats"));
            assertArrayEquals(new int[] {1, -1, 7}, m.getIntArray("ints"));
            assertArrayEquals(new int[] {255, 0}, m.getIntArray("bytes"));
            assertArrayEquals(new int[] {-5, 5}, m.getIntArray("shorts"));
            assertArrayEquals(new int[] {1, 2}, m.getIntArray("longs"));
            assertArrayEquals(new float[] {0.25f}, m.getFloatArray("doubles"));
            assertEquals(new GgufValue(GgufValueType.ARRAY, GgufValueType.BOOL, new boolean[] {true, false}),
                    m.value("bools").orElseThrow());
            GgufValue[] nested = (GgufValue[]) m.value("nested").orElseThrow().value();
            assertEquals(GgufValue.ofStrings("x"), nested[1]);

            GgufTensorInfo a = g.tensor("a");
            assertArrayEquals(new long[] {3, 2}, a.dims());
            assertEquals(0, a.dataOffset() % g.alignment());
            assertArrayEquals(f32, g.readAll(a));
            assertArrayEquals(q80, g.readAll(g.tensor("b")));
            assertEquals(0, g.tensor("b").dataOffset() % g.alignment());
            assertEquals(0, g.dataStart() % g.alignment());
        }
    }

    /**
     * A header of several MB (a real vocabulary of 150k tokens takes about 2 MB) is read through a 1 MB window, so
     * values straddle window refills; every string must come back whole and in place.
     */
    @Test
    void aHeaderLargerThanTheReadWindowReadsBack() {
        String[] tokens = new String[200_000];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (i % 3 == 0 ? "Ġ" : "") + "tok" + Integer.toString(i, 36);
        }
        int[] types = new int[tokens.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = i % 5;
        }
        GgufWriter w = new GgufWriter();
        w.put("tokens", GgufValue.ofStrings(tokens));
        w.put("types", GgufValue.ofInt32s(types));
        w.putString("after", "still in place");
        w.addTensor("x", GgmlType.F32, new long[] {2}, floats(7, 8));
        Path file = dir.resolve("big-header.gguf");
        w.write(file);
        try (GgufFile g = GgufReader.open(file)) {
            assertArrayEquals(tokens, g.metadata().getStringArray("tokens"));
            assertArrayEquals(types, g.metadata().getIntArray("types"));
            assertEquals("still in place", g.metadata().getString("after"));
            assertArrayEquals(floats(7, 8), g.readAll(g.tensor("x")));
        }
    }

    @Test
    void aCustomAlignmentIsHonoured() {
        GgufWriter w = new GgufWriter();
        w.putUInt32("general.alignment", 64);
        w.addTensor("x", GgmlType.F32, new long[] {5}, floats(1, 2, 3, 4, 5));
        w.addTensor("y", GgmlType.F32, new long[] {1}, floats(9));
        Path file = dir.resolve("aligned.gguf");
        w.write(file);
        try (GgufFile g = GgufReader.open(file)) {
            assertEquals(64, g.alignment());
            assertEquals(64, g.tensor("y").dataOffset());
            assertEquals(0, g.dataStart() % 64);
            assertArrayEquals(floats(9), g.readAll(g.tensor("y")));
        }
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
