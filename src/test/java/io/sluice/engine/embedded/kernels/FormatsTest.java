package io.sluice.engine.embedded.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.embedded.gguf.GgmlType;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Block layouts decoded by hand, the reference quantizers on crafted inputs, and round-trip error bounds. */
class FormatsTest {

    private static final short HALF_ONE = 0x3c00;
    private static final short HALF_HALF = 0x3800;

    // ---- decoding hand-built blocks -------------------------------------------------------------------------

    @Test
    void q8_0BlockDecodesAsScaleTimesQuant() {
        byte[] b = new byte[34 + 5];
        Bits.putShort(b, 5, HALF_HALF);
        for (int i = 0; i < 32; i++) {
            b[5 + 2 + i] = (byte) (i * 9 - 128);
        }
        float[] out = new float[33];
        Q8_0.dequantize(b, 5, out, 1, 32);
        for (int i = 0; i < 32; i++) {
            assertEquals((byte) (i * 9 - 128) * 0.5f, out[1 + i]);
        }
    }

    @Test
    void q4_0BlockDecodesLowNibblesFirst() {
        byte[] b = new byte[18];
        Bits.putShort(b, 0, (short) 0xb800); // -0.5
        for (int j = 0; j < 16; j++) {
            b[2 + j] = (byte) (j | ((15 - j) << 4));
        }
        float[] out = new float[32];
        Q4_0.dequantize(b, 0, out, 0, 32);
        for (int j = 0; j < 16; j++) {
            assertEquals((j - 8) * -0.5f, out[j]);
            assertEquals((15 - j - 8) * -0.5f, out[16 + j]);
        }
    }

    /** The 12 scale bytes as ggml packs them, written out independently of {@link Q4_K}. */
    private static byte[] packQ4KScales(int[] sc, int[] m) {
        byte[] b = new byte[12];
        for (int j = 0; j < 4; j++) {
            b[j] = (byte) (sc[j] | (sc[j + 4] >> 4) << 6);
            b[j + 4] = (byte) (m[j] | (m[j + 4] >> 4) << 6);
            b[j + 8] = (byte) ((sc[j + 4] & 15) | (m[j + 4] & 15) << 4);
        }
        return b;
    }

    @Test
    void q4_KBlockDecodesSixBitScalesAndMins() {
        int[] sc = {1, 2, 3, 63, 44, 45, 5, 47};
        int[] m = {0, 2, 4, 6, 17, 60, 19, 33};
        byte[] b = new byte[144];
        Bits.putShort(b, 0, HALF_ONE);
        Bits.putShort(b, 2, HALF_HALF);
        System.arraycopy(packQ4KScales(sc, m), 0, b, 4, 12);
        for (int i = 0; i < 128; i++) {
            b[16 + i] = (byte) ((i * 5) & 0xff);
        }
        float[] out = new float[256];
        Q4_K.dequantize(b, 0, out, 0, 256);
        for (int e = 0; e < 256; e++) {
            int chunk = e / 64;
            int l = e % 32;
            int byt = (chunk * 32 + l) * 5 & 0xff;
            int q = e % 64 < 32 ? byt & 15 : byt >> 4;
            int j = e / 32;
            assertEquals(1f * sc[j] * q - 0.5f * m[j], out[e], "weight " + e);
        }
    }

    @Test
    void q6_KBlockDecodesSixBitQuantsWithSignedScales() {
        int[] q = new int[256];
        for (int e = 0; e < 256; e++) {
            q[e] = (e * 7 + 3) % 64;
        }
        byte[] b = new byte[210];
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                int base = 128 * h + l;
                b[64 * h + l] = (byte) ((q[base] & 15) | (q[base + 64] & 15) << 4);
                b[64 * h + 32 + l] = (byte) ((q[base + 32] & 15) | (q[base + 96] & 15) << 4);
                b[128 + 32 * h + l] = (byte) ((q[base] >> 4) | (q[base + 32] >> 4) << 2
                        | (q[base + 64] >> 4) << 4 | (q[base + 96] >> 4) << 6);
            }
        }
        for (int j = 0; j < 16; j++) {
            b[192 + j] = (byte) (j * 17 - 128);
        }
        Bits.putShort(b, 208, (short) 0x3400); // 0.25
        float[] out = new float[256];
        Q6_K.dequantize(b, 0, out, 0, 256);
        for (int e = 0; e < 256; e++) {
            assertEquals(0.25f * (byte) ((e / 16) * 17 - 128) * (q[e] - 32), out[e], "weight " + e);
        }
    }

    @Test
    void q8_KBlockLayout() {
        float[] x = new float[256];
        x[0] = 1f;
        x[1] = -2f;  // first of largest magnitude
        x[2] = 2f;
        x[3] = 0.5f;
        byte[] b = Q8_K.quantize(x);
        // iscale = -127 / -2 = 63.5: 1 -> 63.5 -> 64 (nearest even), 0.5 -> 31.75 -> 32, -2 -> -127, 2 -> 127
        assertEquals(1 / 63.5f, Bits.getFloat(b, 0));
        assertEquals(64, b[4]);
        assertEquals(-127, b[5]);
        assertEquals(127, b[6]);
        assertEquals(32, b[7]);
        assertEquals(64 - 127 + 127 + 32, Bits.getShort(b, 260));
        assertEquals(0, Bits.getShort(b, 262));
        float[] out = new float[256];
        Q8_K.dequantize(b, 0, out, 0, 256);
        assertEquals(64 / 63.5f, out[0]);
        byte[] zero = Q8_K.quantize(new float[256]);
        assertArrayEquals(new byte[292], zero);
    }

    // ---- reference quantizers on crafted inputs ----------------------------------------------------------------

    @Test
    void q8_0RoundsHalfWayAwayFromZeroWithScaleAmaxOver127() {
        float[] x = new float[64];
        // block 0: amax 127 -> d = 1, 1/d = 1
        x[0] = 127f;
        x[1] = 2.5f;
        x[2] = -2.5f;
        x[3] = 0.5f;
        x[4] = -0.5f;
        x[5] = 1.4999999f;
        x[6] = -126.5f;
        // block 1: amax 63.5 -> d = 0.5, 1/d = 2
        x[32] = -63.5f;
        x[33] = 1.25f;   // 2.5 -> 3 (nearest-even would give 2)
        x[34] = -0.75f;  // -1.5 -> -2
        x[35] = 0.25f;   // 0.5 -> 1
        x[36] = 0.2f;    // 0.4 -> 0
        byte[] b = Q8_0.quantize(x);
        assertEquals(HALF_ONE, Bits.getShort(b, 0));
        assertArrayEquals(new byte[] {127, 3, -3, 1, -1, 1, -127, 0}, java.util.Arrays.copyOfRange(b, 2, 10));
        assertEquals(HALF_HALF, Bits.getShort(b, 34));
        assertArrayEquals(new byte[] {-127, 3, -2, 1, 0, 0}, java.util.Arrays.copyOfRange(b, 36, 42));
    }

    @Test
    void q8_0ScaleIsRoundedToHalfNearestEven() {
        float[] x = new float[32];
        x[7] = 1f; // d = 1/127 = 0.007874016 -> fp16 0x2008 (0.0078735...)
        byte[] b = Q8_0.quantize(x);
        assertEquals(Float.floatToFloat16(1f / 127f), Bits.getShort(b, 0));
        assertEquals(127, b[2 + 7]);
        assertArrayEquals(new byte[34], Q8_0.quantize(new float[32]), "all-zero block: d = 0, q = 0");
    }

    @Test
    void q4_0UsesFirstLargestMagnitudeAndTruncatesPlusEightAndAHalf() {
        float[] x = new float[64];
        // block 0: -8 at 3 comes before +8 at 10 -> d = -8 / -8 = 1, id = 1, nibble = min(15, trunc(x + 8.5))
        x[3] = -8f;
        x[10] = 8f;
        x[0] = 0.5f;      // 9.0 -> 9
        x[1] = -0.5f;     // 8.0 -> 8
        x[2] = 0.4999f;   // 8.9999 -> 8
        x[4] = -7.6f;     // 0.9 -> 0
        x[16] = 3f;       // 11.5 -> 11
        x[17] = 7.4f;     // 15.9 -> 15
        // block 1: +4 first -> d = -0.5, id = -2
        x[32] = 4f;
        x[33] = -4f;      // 16.5 -> 16 -> 15
        x[34] = 1f;       // 6.5 -> 6
        x[48] = -1.3f;    // 11.1 -> 11
        byte[] b = Q4_0.quantize(x);
        assertEquals(HALF_ONE, Bits.getShort(b, 0));
        int[] lo = {9, 8, 8, 0, 0, 8, 8, 8, 8, 8, 15, 8, 8, 8, 8, 8};
        int[] hi = {11, 15, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8};
        for (int j = 0; j < 16; j++) {
            assertEquals(lo[j] | hi[j] << 4, b[2 + j] & 0xff, "block 0 byte " + j);
        }
        assertEquals((short) 0xb800, Bits.getShort(b, 18));
        assertEquals(0 | 11 << 4, b[20] & 0xff);
        assertEquals(15 | 8 << 4, b[21] & 0xff);
        assertEquals(6 | 8 << 4, b[22] & 0xff);
    }

    @Test
    void halfAndBfloatRoundToNearestEven() {
        float tieDown = 1f + 0x1p-11f;      // halfway between 1 and 1 + 2^-10: even is 1
        float tieUp = 1f + 3 * 0x1p-11f;    // halfway between 1 + 2^-10 and 1 + 2^-9: even is 1 + 2^-9
        byte[] h = F16.quantize(new float[] {tieDown, tieUp, 65520f, -0f});
        assertEquals(HALF_ONE, Bits.getShort(h, 0));
        assertEquals((short) 0x3c02, Bits.getShort(h, 2));
        assertEquals((short) 0x7c00, Bits.getShort(h, 4), "65520 overflows to infinity");
        assertEquals((short) 0x8000, Bits.getShort(h, 6));

        float bTieDown = Float.intBitsToFloat(0x3f808000);
        float bTieUp = Float.intBitsToFloat(0x3f818000);
        byte[] b = BF16.quantize(new float[] {bTieDown, bTieUp, Float.intBitsToFloat(0x7f800001), Float.MIN_VALUE,
                Float.intBitsToFloat(0x7f7fffff)});
        assertEquals((short) 0x3f80, Bits.getShort(b, 0));
        assertEquals((short) 0x3f82, Bits.getShort(b, 2));
        assertEquals((short) 0x7fc0, Bits.getShort(b, 4), "signalling NaN made quiet");
        assertEquals((short) 0x0000, Bits.getShort(b, 6), "smallest subnormal rounds to zero, not flushed by rule");
        assertEquals((short) 0x7f80, Bits.getShort(b, 8), "largest float rounds up to infinity");
        float[] out = new float[5];
        BF16.dequantize(b, 0, out, 0, 5);
        assertEquals(1f, out[0]);
        assertTrue(Float.isNaN(out[2]));
    }

    @Test
    void sizesMustBeWholeBlocks() {
        assertThrows(IllegalArgumentException.class, () -> Q8_0.quantize(new float[33]));
        assertThrows(IllegalArgumentException.class, () -> Q4_K.quantize(new float[255]));
        assertThrows(IllegalArgumentException.class, () -> Q6_K.dequantize(new byte[210], 0, new float[256], 0, 128));
    }

    @Test
    void blockGeometryMatchesGgmlTypeTable() {
        assertEquals(GgmlType.Q8_0.blockBytes(), Q8_0.BLOCK_BYTES);
        assertEquals(GgmlType.Q4_0.blockBytes(), Q4_0.BLOCK_BYTES);
        assertEquals(GgmlType.Q4_K.blockBytes(), Q4_K.BLOCK_BYTES);
        assertEquals(GgmlType.Q6_K.blockBytes(), Q6_K.BLOCK_BYTES);
        assertEquals(GgmlType.Q8_K.blockBytes(), Q8_K.BLOCK_BYTES);
        assertEquals(GgmlType.Q4_K.blockSize(), Q4_K.BLOCK_SIZE);
    }

    // ---- round trips ------------------------------------------------------------------------------------------

    /** Per block of {@code block} values: max |x - dequantize(quantize(x))| / amax, and RMS error / RMS of x. */
    private static double[] roundTrip(GgmlType type, float[] x, int block) {
        float[] y = TestData.decode(type, TestData.encode(type, x), x.length);
        double worst = 0;
        double se = 0;
        double sx = 0;
        for (int b = 0; b < x.length / block; b++) {
            double amax = 0;
            double err = 0;
            for (int i = b * block; i < (b + 1) * block; i++) {
                amax = Math.max(amax, Math.abs(x[i]));
                err = Math.max(err, Math.abs(x[i] - y[i]));
                se += (x[i] - y[i]) * (double) (x[i] - y[i]);
                sx += (double) x[i] * x[i];
            }
            if (amax > 0) {
                worst = Math.max(worst, err / amax);
            }
        }
        return new double[] {worst, Math.sqrt(se / sx)};
    }

    @Test
    void roundTripErrorsStayWithinEachFormatsBound() {
        Random rnd = new Random(99);
        float[] x = TestData.gaussian(rnd, 256 * 64, 1f);
        // Q8_0: half a step of amax/127, plus the fp16 rounding of the scale (2^-11 relative) on up to 127 steps
        assertTrue(roundTrip(GgmlType.Q8_0, x, 32)[0] <= 0.5 / 127 + 0x1p-11 * 1.01);
        // Q4_0: the largest magnitude maps to -8 exactly; the other side clamps at +7, so up to one step amax/8
        assertTrue(roundTrip(GgmlType.Q4_0, x, 32)[0] <= 1.0 / 8 + 0x1p-10);
        // K-quants fit scales by least squares, so bound the RMS error: 4-bit ~ 1/15 of a sub-block's range
        double[] q4k = roundTrip(GgmlType.Q4_K, x, 32);
        assertTrue(q4k[1] < 0.11 && q4k[0] < 0.25, java.util.Arrays.toString(q4k));
        double[] q6k = roundTrip(GgmlType.Q6_K, x, 16);
        assertTrue(q6k[1] < 0.03 && q6k[0] < 0.06, java.util.Arrays.toString(q6k));
        // floats: one rounding each
        float[] h = TestData.decode(GgmlType.F16, F16.quantize(x), x.length);
        float[] b = TestData.decode(GgmlType.BF16, BF16.quantize(x), x.length);
        for (int i = 0; i < x.length; i++) {
            // half a unit in the last place: 2^-11 relative, 2^-25 absolute among fp16 subnormals
            assertEquals(x[i], h[i], Math.max(Math.abs(x[i]) * 0x1p-11, 0x1p-25));
            assertEquals(x[i], b[i], Math.abs(x[i]) * 0x1p-8);
        }
        assertEquals(0, roundTrip(GgmlType.F32, x, 1)[0]);
    }

    @Test
    void kQuantsKeepAllZeroAndConstantBlocks() {
        float[] zero = new float[512];
        float[] z4 = TestData.decode(GgmlType.Q4_K, Q4_K.quantize(zero), 512);
        float[] z6 = TestData.decode(GgmlType.Q6_K, Q6_K.quantize(zero), 512);
        for (int i = 0; i < 512; i++) {
            assertEquals(0f, z4[i], 0f);
            assertEquals(0f, z6[i], 0f); // -0.0 here, as in ggml: 0 * scale * (0 - 32)
        }
        float[] c = new float[256];
        java.util.Arrays.fill(c, 0.75f);
        float[] y4 = TestData.decode(GgmlType.Q4_K, Q4_K.quantize(c), 256);
        float[] y6 = TestData.decode(GgmlType.Q6_K, Q6_K.quantize(c), 256);
        for (int i = 0; i < 256; i++) {
            assertEquals(0.75f, y4[i], 0.75f * 0x1p-9);
            assertEquals(0.75f, y6[i], 0.75f * 0x1p-9);
        }
    }
}
