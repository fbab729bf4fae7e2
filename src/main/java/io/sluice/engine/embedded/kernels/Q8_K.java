package io.sluice.engine.embedded.kernels;

/**
 * ggml {@code Q8_K}: the activation format llama.cpp multiplies K-quant weights with; super-blocks of 256 values in
 * 292 bytes.
 * <pre>
 * offset  size  field
 *      0     4  d          binary32 scale, little-endian; value i = d * qs[i]
 *      4   256  qs[256]    int8 quants
 *    260    32  bsums[16]  int16 sums of qs over each group of 16, little-endian
 * </pre>
 */
public final class Q8_K {

    public static final int BLOCK_SIZE = 256;
    public static final int BLOCK_BYTES = 292;

    private Q8_K() {
    }

    /**
     * ggml's {@code quantize_row_q8_K_ref}: {@code max} is the first value of largest magnitude,
     * {@code iscale = -127 / max}, {@code q = min(127, nearest_int(iscale * x))} (nearest even),
     * {@code d = 1 / iscale}; an all-zero block has d = 0.
     */
    public static byte[] quantize(float[] src) {
        Bits.requireMultiple(src.length, BLOCK_SIZE, "Q8_K");
        int nb = src.length / BLOCK_SIZE;
        byte[] out = new byte[nb * BLOCK_BYTES];
        byte[] q = new byte[BLOCK_SIZE];
        for (int i = 0; i < nb; i++) {
            int o = i * BLOCK_BYTES;
            float d = quantizeBlock(src, i * BLOCK_SIZE, q, 0);
            Bits.putFloat(out, o, d);
            System.arraycopy(q, 0, out, o + 4, BLOCK_SIZE);
            for (int j = 0; j < 16; j++) {
                int sum = 0;
                for (int k = 0; k < 16; k++) {
                    sum += q[16 * j + k];
                }
                Bits.putShort(out, o + 260 + 2 * j, (short) sum);
            }
        }
        return out;
    }

    /** Decodes {@code count} values (a multiple of 256) from the super-block starting at byte {@code srcOffset}. */
    public static void dequantize(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        Bits.requireMultiple(count, BLOCK_SIZE, "Q8_K");
        for (int i = 0; i < count / BLOCK_SIZE; i++) {
            int o = srcOffset + i * BLOCK_BYTES;
            float d = Bits.getFloat(src, o);
            for (int j = 0; j < BLOCK_SIZE; j++) {
                dst[dstOffset + i * BLOCK_SIZE + j] = d * src[o + 4 + j];
            }
        }
    }

    /** Quantizes the 256 values at {@code x[xo]} into {@code q[qo]}; returns d. */
    static float quantizeBlock(float[] x, int xo, byte[] q, int qo) {
        float max = 0f;
        float amax = 0f;
        for (int j = 0; j < BLOCK_SIZE; j++) {
            float ax = Math.abs(x[xo + j]);
            if (ax > amax) {
                amax = ax;
                max = x[xo + j];
            }
        }
        if (amax == 0f) {
            for (int j = 0; j < BLOCK_SIZE; j++) {
                q[qo + j] = 0;
            }
            return 0f;
        }
        float iscale = -127f / max;
        for (int j = 0; j < BLOCK_SIZE; j++) {
            q[qo + j] = (byte) Math.min(127, Bits.nearestInt(iscale * x[xo + j]));
        }
        return 1f / iscale;
    }
}
