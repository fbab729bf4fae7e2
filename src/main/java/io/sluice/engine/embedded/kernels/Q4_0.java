package io.sluice.engine.embedded.kernels;

/**
 * ggml {@code Q4_0}: blocks of 32 weights in 18 bytes.
 * <pre>
 * offset  size  field
 *      0     2  d      fp16 scale, little-endian
 *      2    16  qs[16] byte j holds weight j in its low nibble and weight j+16 in its high nibble;
 *                      weight = d * (nibble - 8)
 * </pre>
 */
public final class Q4_0 {

    public static final int BLOCK_SIZE = 32;
    public static final int BLOCK_BYTES = 18;

    private Q4_0() {
    }

    /**
     * ggml's {@code quantize_row_q4_0_ref}: {@code max} is the first value of largest magnitude,
     * {@code d = max / -8}, nibble {@code = min(15, trunc(x / d + 8.5))}, d stored as fp16.
     */
    public static byte[] quantize(float[] src) {
        Bits.requireMultiple(src.length, BLOCK_SIZE, "Q4_0");
        int nb = src.length / BLOCK_SIZE;
        byte[] out = new byte[nb * BLOCK_BYTES];
        for (int i = 0; i < nb; i++) {
            int x0 = i * BLOCK_SIZE;
            float amax = 0f;
            float max = 0f;
            for (int j = 0; j < BLOCK_SIZE; j++) {
                float v = src[x0 + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8f;
            float id = d != 0f ? 1f / d : 0f;
            int o = i * BLOCK_BYTES;
            Bits.putShort(out, o, Float.floatToFloat16(d));
            for (int j = 0; j < 16; j++) {
                int lo = Math.min(15, (byte) (int) (src[x0 + j] * id + 8.5f));
                int hi = Math.min(15, (byte) (int) (src[x0 + 16 + j] * id + 8.5f));
                out[o + 2 + j] = (byte) (lo | (hi << 4));
            }
        }
        return out;
    }

    /** Decodes {@code count} weights (a multiple of 32) from the block starting at byte {@code srcOffset}. */
    public static void dequantize(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        Bits.requireMultiple(count, BLOCK_SIZE, "Q4_0");
        for (int i = 0; i < count / BLOCK_SIZE; i++) {
            int o = srcOffset + i * BLOCK_BYTES;
            float d = Bits.half(src, o);
            int y = dstOffset + i * BLOCK_SIZE;
            for (int j = 0; j < 16; j++) {
                int b = src[o + 2 + j] & 0xff;
                dst[y + j] = ((b & 0x0f) - 8) * d;
                dst[y + j + 16] = ((b >>> 4) - 8) * d;
            }
        }
    }
}
