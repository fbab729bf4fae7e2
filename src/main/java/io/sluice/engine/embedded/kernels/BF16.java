package io.sluice.engine.embedded.kernels;

/**
 * ggml {@code BF16}: each weight is a bfloat16 (the upper 16 bits of a binary32: 1 sign, 8 exponent, 7 mantissa
 * bits), 2 bytes little-endian. No blocks (block size 1).
 */
public final class BF16 {

    public static final int BLOCK_SIZE = 1;
    public static final int BLOCK_BYTES = 2;

    private BF16() {
    }

    /**
     * Rounds each value as ggml's {@code ggml_compute_fp32_to_bf16}: to nearest even on the dropped 16 bits, NaN
     * kept NaN with the quiet bit set, subnormals kept.
     */
    public static byte[] quantize(float[] src) {
        byte[] out = new byte[src.length * 2];
        for (int i = 0; i < src.length; i++) {
            Bits.putShort(out, i * 2, Bits.toBf16(src[i]));
        }
        return out;
    }

    /** Decodes {@code count} weights starting at byte {@code srcOffset}; exact. */
    public static void dequantize(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = Bits.bf16ToFloat(Bits.getShort(src, srcOffset + i * 2));
        }
    }
}
