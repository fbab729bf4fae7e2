package io.sluice.engine.embedded.kernels;

/**
 * ggml {@code Q8_0}: blocks of 32 weights in 34 bytes.
 * <pre>
 * offset  size  field
 *      0     2  d      fp16 scale, little-endian
 *      2    32  qs[32] int8 quants; weight i = d * qs[i]
 * </pre>
 * Also the activation format llama.cpp's CPU backend multiplies Q8_0 and Q4_0 weights with.
 */
public final class Q8_0 {

    public static final int BLOCK_SIZE = 32;
    public static final int BLOCK_BYTES = 34;

    private Q8_0() {
    }

    /**
     * ggml's {@code quantize_row_q8_0_ref}: per block {@code d = amax / 127}, {@code q = roundf(x * (1/d))}
     * (half-way away from zero), d stored as fp16 (nearest even).
     */
    public static byte[] quantize(float[] src) {
        Bits.requireMultiple(src.length, BLOCK_SIZE, "Q8_0");
        int nb = src.length / BLOCK_SIZE;
        byte[] out = new byte[nb * BLOCK_BYTES];
        for (int i = 0; i < nb; i++) {
            int x0 = i * BLOCK_SIZE;
            float amax = 0f;
            for (int j = 0; j < BLOCK_SIZE; j++) {
                amax = Math.max(amax, Math.abs(src[x0 + j]));
            }
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            int o = i * BLOCK_BYTES;
            Bits.putShort(out, o, Float.floatToFloat16(d));
            for (int j = 0; j < BLOCK_SIZE; j++) {
                out[o + 2 + j] = (byte) (int) Bits.roundAway(src[x0 + j] * id);
            }
        }
        return out;
    }

    /** Decodes {@code count} weights (a multiple of 32) from the block starting at byte {@code srcOffset}. */
    public static void dequantize(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        Bits.requireMultiple(count, BLOCK_SIZE, "Q8_0");
        for (int i = 0; i < count / BLOCK_SIZE; i++) {
            int o = srcOffset + i * BLOCK_BYTES;
            float d = Bits.half(src, o);
            for (int j = 0; j < BLOCK_SIZE; j++) {
                dst[dstOffset + i * BLOCK_SIZE + j] = src[o + 2 + j] * d;
            }
        }
    }
}
