package io.sluice.engine.embedded.kernels;

/**
 * ggml {@code Q6_K}: super-blocks of 256 weights in 210 bytes, sixteen sub-blocks of 16 with an int8 scale each.
 * <pre>
 * offset  size  field
 *      0   128  ql[128]     low 4 bits: for half h = 0,1 and l = 0..31, ql[64h+l] holds weights 128h+l (low nibble)
 *                           and 128h+64+l (high nibble); ql[64h+32+l] holds 128h+32+l and 128h+96+l
 *    128    64  qh[64]      high 2 bits: qh[32h+l] bits 0-1, 2-3, 4-5, 6-7 belong to weights 128h+l, +32, +64, +96
 *    192    16  scales[16]  int8 scale of sub-block j (weights 16j..16j+15)
 *    208     2  d           fp16 super-block scale
 * </pre>
 * weight = d * scales[j] * (q - 32) with q the 6-bit value. Multiplied against {@link Q8_K} activations.
 */
public final class Q6_K {

    public static final int BLOCK_SIZE = 256;
    public static final int BLOCK_BYTES = 210;

    private static final float GROUP_MAX_EPS = 1e-15f;

    private Q6_K() {
    }

    /**
     * ggml's {@code quantize_row_q6_K_ref}: each sub-block fitted by {@code make_qx_quants} (32 levels each side,
     * weights x^2, 19 trial scales), the sub-block scales quantized to int8 against the one of largest magnitude,
     * then every weight re-quantized with the stored scales.
     */
    public static byte[] quantize(float[] src) {
        Bits.requireMultiple(src.length, BLOCK_SIZE, "Q6_K");
        int nb = src.length / BLOCK_SIZE;
        byte[] out = new byte[nb * BLOCK_BYTES];
        int[] l = new int[BLOCK_SIZE];
        float[] scales = new float[16];
        for (int i = 0; i < nb; i++) {
            int x0 = i * BLOCK_SIZE;
            int o = i * BLOCK_BYTES;
            float maxScale = 0f;
            float maxAbsScale = 0f;
            for (int ib = 0; ib < 16; ib++) {
                float scale = makeQxQuants(16, 32, src, x0 + 16 * ib, l, 16 * ib);
                scales[ib] = scale;
                float abs = Math.abs(scale);
                if (abs > maxAbsScale) {
                    maxAbsScale = abs;
                    maxScale = scale;
                }
            }
            if (maxAbsScale < GROUP_MAX_EPS) {
                continue; // all-zero block: every byte, d included, stays 0
            }
            float iscale = -128f / maxScale;
            short dh = Float.floatToFloat16(1f / iscale);
            Bits.putShort(out, o + 208, dh);
            for (int ib = 0; ib < 16; ib++) {
                out[o + 192 + ib] = (byte) Math.min(127, Bits.nearestInt(iscale * scales[ib]));
            }
            float dAll = Float.float16ToFloat(dh);
            for (int j = 0; j < 16; j++) {
                float d = dAll * out[o + 192 + j];
                if (d == 0f) {
                    continue;
                }
                for (int k = 0; k < 16; k++) {
                    int q = Bits.nearestInt(src[x0 + 16 * j + k] / d);
                    l[16 * j + k] = Math.max(-32, Math.min(31, q)) + 32;
                }
            }
            for (int h = 0; h < 2; h++) {
                int ql = o + 64 * h;
                int qh = o + 128 + 32 * h;
                int lj = 128 * h;
                for (int k = 0; k < 32; k++) {
                    int q1 = l[lj + k];
                    int q2 = l[lj + k + 32];
                    int q3 = l[lj + k + 64];
                    int q4 = l[lj + k + 96];
                    out[ql + k] = (byte) ((q1 & 0xf) | ((q3 & 0xf) << 4));
                    out[ql + k + 32] = (byte) ((q2 & 0xf) | ((q4 & 0xf) << 4));
                    out[qh + k] = (byte) ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
                }
            }
        }
        return out;
    }

    /** Decodes {@code count} weights (a multiple of 256) from the super-block starting at byte {@code srcOffset}. */
    public static void dequantize(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        Bits.requireMultiple(count, BLOCK_SIZE, "Q6_K");
        for (int i = 0; i < count / BLOCK_SIZE; i++) {
            int o = srcOffset + i * BLOCK_BYTES;
            float d = Bits.half(src, o + 208);
            for (int h = 0; h < 2; h++) {
                int ql = o + 64 * h;
                int qh = o + 128 + 32 * h;
                int sc = o + 192 + 8 * h;
                int y = dstOffset + i * BLOCK_SIZE + 128 * h;
                for (int k = 0; k < 32; k++) {
                    int is = k / 16;
                    int a = src[ql + k] & 0xff;
                    int b = src[ql + k + 32] & 0xff;
                    int hb = src[qh + k] & 0xff;
                    dst[y + k] = d * src[sc + is] * ((a & 0xf | (hb & 3) << 4) - 32);
                    dst[y + k + 32] = d * src[sc + is + 2] * ((b & 0xf | (hb >> 2 & 3) << 4) - 32);
                    dst[y + k + 64] = d * src[sc + is + 4] * ((a >> 4 | (hb >> 4 & 3) << 4) - 32);
                    dst[y + k + 96] = d * src[sc + is + 6] * ((b >> 4 | (hb >> 6 & 3) << 4) - 32);
                }
            }
        }
    }

    /**
     * ggml's {@code make_qx_quants} with {@code rmse_type = 1} and no importance weights (weights x^2): fits
     * {@code x ~ scale * l}, {@code l} in [-nmax, nmax-1], stores {@code l + nmax}; returns the scale.
     */
    static float makeQxQuants(int n, int nmax, float[] x, int xo, int[] lOut, int lo) {
        float max = 0f;
        float amax = 0f;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[xo + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xo + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; i++) {
                lOut[lo + i] = 0;
            }
            return 0f;
        }
        float iscale = -nmax / max;
        float sumlx = 0f;
        float suml2 = 0f;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i];
            int l = Bits.nearestInt(iscale * xi);
            l = Math.max(-nmax, Math.min(nmax - 1, l));
            lOut[lo + i] = l + nmax;
            float w = xi * xi;
            sumlx += w * xi * l;
            suml2 += w * l * l;
        }
        float scale = suml2 != 0f ? sumlx / suml2 : 0f;
        float best = scale * sumlx;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) {
                continue;
            }
            iscale = -(nmax + 0.1f * is) / max;
            sumlx = 0f;
            suml2 = 0f;
            for (int i = 0; i < n; i++) {
                float xi = x[xo + i];
                int l = Bits.nearestInt(iscale * xi);
                l = Math.max(-nmax, Math.min(nmax - 1, l));
                float w = xi * xi;
                sumlx += w * xi * l;
                suml2 += w * l * l;
            }
            if (suml2 > 0 && sumlx * sumlx > best * suml2) {
                for (int i = 0; i < n; i++) {
                    int l = Bits.nearestInt(iscale * x[xo + i]);
                    lOut[lo + i] = nmax + Math.max(-nmax, Math.min(nmax - 1, l));
                }
                scale = sumlx / suml2;
                best = scale * sumlx;
            }
        }
        return scale;
    }
}
