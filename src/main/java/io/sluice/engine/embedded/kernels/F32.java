package io.sluice.engine.embedded.kernels;

/**
 * ggml {@code F32}: each weight is an IEEE binary32, 4 bytes little-endian. No blocks (block size 1).
 */
public final class F32 {

    public static final int BLOCK_SIZE = 1;
    public static final int BLOCK_BYTES = 4;

    private F32() {
    }

    /** {@code src} as little-endian binary32 bytes. */
    public static byte[] quantize(float[] src) {
        byte[] out = new byte[src.length * 4];
        for (int i = 0; i < src.length; i++) {
            Bits.putFloat(out, i * 4, src[i]);
        }
        return out;
    }

    /** Decodes {@code count} weights starting at byte {@code srcOffset}. */
    public static void dequantize(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = Bits.getFloat(src, srcOffset + i * 4);
        }
    }
}
