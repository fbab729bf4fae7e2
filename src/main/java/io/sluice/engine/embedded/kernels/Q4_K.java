package io.sluice.engine.embedded.kernels;

/**
 * ggml {@code Q4_K}: super-blocks of 256 weights in 144 bytes, eight sub-blocks of 32 with a 6-bit scale and a
 * 6-bit min each.
 * <pre>
 * offset  size  field
 *      0     2  d          fp16 super-block scale of the sub-block scales
 *      2     2  dmin       fp16 super-block scale of the sub-block mins
 *      4    12  scales[12] sub-block j &lt; 4: scale = scales[j] &amp; 63, min = scales[j+4] &amp; 63;
 *                          j &gt;= 4: scale = (scales[j+4] &amp; 15) | (scales[j-4] &gt;&gt; 6) &lt;&lt; 4,
 *                                  min   = (scales[j+4] &gt;&gt; 4) | (scales[j]   &gt;&gt; 6) &lt;&lt; 4
 *     16   128  qs[128]    four 32-byte groups c = 0..3: byte l's low nibble is weight 64c+l (sub-block 2c),
 *                          its high nibble weight 64c+32+l (sub-block 2c+1)
 * </pre>
 * weight = d * scale_j * nibble - dmin * min_j. Multiplied against {@link Q8_K} activations.
 */
public final class Q4_K {

    public static final int BLOCK_SIZE = 256;
    public static final int BLOCK_BYTES = 144;

    private static final float GROUP_MAX_EPS = 1e-15f;

    private Q4_K() {
    }

    /**
     * ggml's {@code quantize_row_q4_K_ref}: each sub-block fitted by {@code make_qkx2_quants} (15 levels, weights
     * {@code sqrt(mean(x^2)) + |x|}, 21 trial scales), the scales and mins quantized to 6 bits against their
     * maxima, then every weight re-quantized with the stored scales.
     */
    public static byte[] quantize(float[] src) {
        Bits.requireMultiple(src.length, BLOCK_SIZE, "Q4_K");
        int nb = src.length / BLOCK_SIZE;
        byte[] out = new byte[nb * BLOCK_BYTES];
        int[] l = new int[BLOCK_SIZE];
        int[] laux = new int[32];
        float[] weights = new float[32];
        float[] mins = new float[8];
        float[] scales = new float[8];
        float[] theMin = new float[1];
        for (int i = 0; i < nb; i++) {
            int x0 = i * BLOCK_SIZE;
            float maxScale = 0f;
            float maxMin = 0f;
            for (int j = 0; j < 8; j++) {
                int xj = x0 + 32 * j;
                float sumX2 = 0f;
                for (int k = 0; k < 32; k++) {
                    sumX2 += src[xj + k] * src[xj + k];
                }
                float avX = (float) Math.sqrt(sumX2 / 32f);
                for (int k = 0; k < 32; k++) {
                    weights[k] = avX + Math.abs(src[xj + k]);
                }
                scales[j] = makeQkx2Quants(32, 15, src, xj, weights, l, 32 * j, theMin, laux, -1f, 0.1f, 20);
                mins[j] = theMin[0];
                if (scales[j] > maxScale) {
                    maxScale = scales[j];
                }
                if (mins[j] > maxMin) {
                    maxMin = mins[j];
                }
            }
            float invScale = maxScale > 0 ? 63f / maxScale : 0f;
            float invMin = maxMin > 0 ? 63f / maxMin : 0f;
            int o = i * BLOCK_BYTES;
            byte[] sc = new byte[12];
            for (int j = 0; j < 8; j++) {
                int ls = Math.min(63, Bits.nearestInt(invScale * scales[j]) & 0xff);
                int lm = Math.min(63, Bits.nearestInt(invMin * mins[j]) & 0xff);
                if (j < 4) {
                    sc[j] = (byte) ls;
                    sc[j + 4] = (byte) lm;
                } else {
                    sc[j + 4] = (byte) ((ls & 0xf) | ((lm & 0xf) << 4));
                    sc[j - 4] |= (byte) ((ls >> 4) << 6);
                    sc[j] |= (byte) ((lm >> 4) << 6);
                }
            }
            short dh = Float.floatToFloat16(maxScale / 63f);
            short dminh = Float.floatToFloat16(maxMin / 63f);
            Bits.putShort(out, o, dh);
            Bits.putShort(out, o + 2, dminh);
            System.arraycopy(sc, 0, out, o + 4, 12);
            float d = Float.float16ToFloat(dh);
            float dmin = Float.float16ToFloat(dminh);
            for (int j = 0; j < 8; j++) {
                float dj = d * scale(sc, 0, j);
                if (dj == 0f) {
                    continue;
                }
                float dm = dmin * min(sc, 0, j);
                for (int k = 0; k < 32; k++) {
                    int q = Bits.nearestInt((src[x0 + 32 * j + k] + dm) / dj);
                    l[32 * j + k] = Math.max(0, Math.min(15, q));
                }
            }
            for (int c = 0; c < 4; c++) {
                for (int k = 0; k < 32; k++) {
                    out[o + 16 + 32 * c + k] = (byte) (l[64 * c + k] | (l[64 * c + 32 + k] << 4));
                }
            }
        }
        return out;
    }

    /** Decodes {@code count} weights (a multiple of 256) from the super-block starting at byte {@code srcOffset}. */
    public static void dequantize(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        Bits.requireMultiple(count, BLOCK_SIZE, "Q4_K");
        for (int i = 0; i < count / BLOCK_SIZE; i++) {
            int o = srcOffset + i * BLOCK_BYTES;
            float d = Bits.half(src, o);
            float dmin = Bits.half(src, o + 2);
            int y = dstOffset + i * BLOCK_SIZE;
            for (int c = 0; c < 4; c++) {
                float d1 = d * scale(src, o + 4, 2 * c);
                float m1 = dmin * min(src, o + 4, 2 * c);
                float d2 = d * scale(src, o + 4, 2 * c + 1);
                float m2 = dmin * min(src, o + 4, 2 * c + 1);
                for (int k = 0; k < 32; k++) {
                    int b = src[o + 16 + 32 * c + k] & 0xff;
                    dst[y + 64 * c + k] = d1 * (b & 0xf) - m1;
                    dst[y + 64 * c + 32 + k] = d2 * (b >>> 4) - m2;
                }
            }
        }
    }

    /** 6-bit scale of sub-block {@code j} from the 12 packed bytes at {@code off}. */
    static int scale(byte[] s, int off, int j) {
        return j < 4 ? s[off + j] & 63 : (s[off + j + 4] & 0xf) | (((s[off + j - 4] & 0xff) >> 6) << 4);
    }

    /** 6-bit min of sub-block {@code j} from the 12 packed bytes at {@code off}. */
    static int min(byte[] s, int off, int j) {
        return j < 4 ? s[off + j + 4] & 63 : ((s[off + j + 4] & 0xff) >> 4) | (((s[off + j] & 0xff) >> 6) << 4);
    }

    /**
     * ggml's {@code make_qkx2_quants} (mean squared error, not absolute): fits {@code x ~ scale * L + min} with
     * {@code L} in [0, nmax] and {@code min <= 0}; returns the scale, stores {@code -min} in {@code theMin[0]}.
     */
    static float makeQkx2Quants(int n, int nmax, float[] x, int xo, float[] weights, int[] lOut, int lo,
                                float[] theMin, int[] laux, float rmin, float rdelta, int nstep) {
        float min = x[xo];
        float max = x[xo];
        float sumW = weights[0];
        float sumX = sumW * x[xo];
        for (int i = 1; i < n; i++) {
            if (x[xo + i] < min) {
                min = x[xo + i];
            }
            if (x[xo + i] > max) {
                max = x[xo + i];
            }
            float w = weights[i];
            sumW += w;
            sumX += w * x[xo + i];
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; i++) {
                lOut[lo + i] = 0;
            }
            theMin[0] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min);
        float scale = 1f / iscale;
        float bestError = 0f;
        for (int i = 0; i < n; i++) {
            int l = Bits.nearestInt(iscale * (x[xo + i] - min));
            lOut[lo + i] = Math.max(0, Math.min(nmax, l));
            float diff = scale * lOut[lo + i] + min - x[xo + i];
            diff = diff * diff;
            bestError += weights[i] * diff;
        }
        if (nstep < 1) {
            theMin[0] = -min;
            return scale;
        }
        for (int is = 0; is <= nstep; is++) {
            iscale = (rmin + rdelta * is + nmax) / (max - min);
            float sumL = 0f;
            float sumL2 = 0f;
            float sumXl = 0f;
            for (int i = 0; i < n; i++) {
                int l = Bits.nearestInt(iscale * (x[xo + i] - min));
                l = Math.max(0, Math.min(nmax, l));
                laux[i] = l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXl += w * l * x[xo + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXl - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXl) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXl / sumL2;
                }
                float curError = 0f;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * laux[i] + thisMin - x[xo + i];
                    diff = diff * diff;
                    curError += weights[i] * diff;
                }
                if (curError < bestError) {
                    for (int i = 0; i < n; i++) {
                        lOut[lo + i] = laux[i];
                    }
                    bestError = curError;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        theMin[0] = -min;
        return scale;
    }
}
