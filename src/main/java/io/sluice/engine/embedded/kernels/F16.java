package io.sluice.engine.embedded.kernels;

/**
 * ggml {@code F16}: each weight is an IEEE binary16 (1 sign, 5 exponent, 10 mantissa bits), 2 bytes little-endian.
 * No blocks (block size 1).
 */
public final class F16 {

    public static final int BLOCK_SIZE = 1;
    public static final int BLOCK_BYTES = 2;

    private F16() {
    }

    /** Rounds each value to binary16, to nearest even (as ggml's {@code GGML_FP32_TO_FP16}); overflow is infinity. */
    public static byte[] quantize(float[] src) {
        byte[] out = new byte[src.length * 2];
        for (int i = 0; i < src.length; i++) {
            Bits.putShort(out, i * 2, Float.floatToFloat16(src[i]));
        }
        return out;
    }

    /** Decodes {@code count} weights starting at byte {@code srcOffset}; exact. */
    public static void dequantize(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = Bits.half(src, srcOffset + i * 2);
        }
    }
}
