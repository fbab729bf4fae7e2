package io.sluice.tools.demo;

import io.sluice.engine.embedded.gguf.GgmlType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TensorEncodingTest {

    @Test
    void q8_0RoundsHalvesAwayFromZeroAsGgmlDoes() {
        float[] block = new float[32];
        block[0] = 127f; // max |x| = 127: the scale is exactly 1
        block[1] = 0.5f;
        block[2] = -0.5f;
        block[3] = 2.5f;
        block[4] = -2.5f;
        block[5] = 3.4f;
        byte[] q = TensorEncoding.encode(GgmlType.Q8_0, block);
        assertEquals(34, q.length);
        assertEquals(1f, Float.float16ToFloat((short) ((q[0] & 0xFF) | (q[1] << 8))));
        assertEquals(127, q[2]);
        assertEquals(1, q[3]);
        assertEquals(-1, q[4]);
        assertEquals(3, q[5]);
        assertEquals(-3, q[6]);
        assertEquals(3, q[7]);
        assertEquals(0, q[8]);
    }

    @Test
    void q8_0OfZerosIsAZeroScaleAndZeroQuants() {
        byte[] q = TensorEncoding.encode(GgmlType.Q8_0, new float[64]);
        assertEquals(68, q.length);
        for (byte b : q) {
            assertEquals(0, b);
        }
    }

    @Test
    void q8_0NeedsWholeBlocks() {
        assertThrows(IllegalArgumentException.class, () -> TensorEncoding.encode(GgmlType.Q8_0, new float[33]));
    }

    @Test
    void f16IsLittleEndianHalfPrecision() {
        byte[] h = TensorEncoding.encode(GgmlType.F16, new float[] {1f, -2f});
        assertEquals(0x3C00, (h[0] & 0xFF) | ((h[1] & 0xFF) << 8));
        assertEquals(0xC000, (h[2] & 0xFF) | ((h[3] & 0xFF) << 8));
    }
}
