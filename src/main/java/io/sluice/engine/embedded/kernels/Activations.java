package io.sluice.engine.embedded.kernels;

/**
 * Activation rows rounded to a weight format's llama.cpp {@code vec_dot_type}, in per-thread buffers reused across
 * calls (the calling thread fills them; the pool's workers only read them during that call).
 */
final class Activations {

    private Activations() {
    }

    /**
     * Q8_0 activations for Q8_0 and Q4_0 weights, as llama.cpp's x86 CPU backend makes them
     * ({@code quantize_row_q8_0} with AVX/AVX2/AVX-512): per 32-block {@code d = amax / 127} stored as fp16,
     * {@code q = round-to-nearest-even(x * (127 / amax))}. (ggml's portable reference instead multiplies by
     * {@code 1 / d} and rounds half away from zero; the two differ only on exact ties and last-ulp cases.)
     */
    static final class Q8 {
        private static final ThreadLocal<Q8> LOCAL = ThreadLocal.withInitial(Q8::new);

        /** quants, natural order, batch rows of {@code cols} */
        short[] q = new short[0];
        /** fp16-rounded block scales, batch rows of {@code cols / 32} */
        float[] d = new float[0];
        /** the quants as floats in the float tile's order ({@link #evensThenOdds}), when the batch takes that tile */
        float[] f = new float[0];

        /** Fills {@link #f} from the quants of {@code n} values. */
        private void prepareFloats(int n) {
            if (f.length < n) {
                f = new float[n];
            }
            evensThenOdds(q, f, n);
        }

        static Q8 prepare(float[] x, int batch, int cols, boolean vector) {
            Q8 a = LOCAL.get();
            int n = batch * cols;
            int nb = n / 32;
            if (a.q.length < n) {
                a.q = new short[n];
            }
            if (a.d.length < nb) {
                a.d = new float[nb];
            }
            short[] q = a.q;
            if (vector) {
                VectorActivations.q8(x, nb, q, a.d);
                if (VectorQ8_0.floatTile(batch)) {
                    a.prepareFloats(n); // the float tile (Q8_0 and Q4_0 weights) reads the quants as floats
                }
                return a;
            }
            for (int i = 0; i < nb; i++) {
                int o = i * 32;
                float amax = 0f;
                for (int j = 0; j < 32; j++) {
                    amax = Math.max(amax, Math.abs(x[o + j]));
                }
                a.d[i] = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
                float id = amax != 0f ? 127f / amax : 0f;
                for (int j = 0; j < 32; j++) {
                    q[o + j] = (short) (int) Math.rint(x[o + j] * id);
                }
            }
            return a;
        }
    }

    /**
     * Q8_K activations for Q4_K and Q6_K weights ({@code quantize_row_q8_K_ref}, which llama.cpp's x86 backend
     * uses as is): per 256-block float {@code d}, int8 quants, and the quant sums of each 32-sub-block (the sum of
     * two ggml {@code bsums}), which Q4_K's min term needs.
     */
    static final class Q8K {
        private static final ThreadLocal<Q8K> LOCAL = ThreadLocal.withInitial(Q8K::new);

        short[] q = new short[0];
        float[] f = new float[0];
        float[] d = new float[0];
        /** per super-block, 8 sums of 32 quants */
        int[] bs = new int[0];
        private byte[] block = new byte[256];

        static Q8K prepare(float[] x, int batch, int cols, boolean vector, boolean floats) {
            Q8K a = LOCAL.get();
            int n = batch * cols;
            int nsb = n / 256;
            if (a.q.length < n) {
                a.q = new short[n];
            }
            if (floats && a.f.length < n) {
                a.f = new float[n];
            }
            if (a.d.length < nsb) {
                a.d = new float[nsb];
                a.bs = new int[nsb * 8];
            }
            if (vector) {
                VectorActivations.q8k(x, nsb, a.q, a.d, a.bs);
            } else {
                quantize(a, x, nsb);
            }
            if (floats) {
                evensThenOdds(a.q, a.f, n);
            }
            return a;
        }

        private static void quantize(Q8K a, float[] x, int nsb) {
            byte[] blk = a.block;
            for (int s = 0; s < nsb; s++) {
                int o = s * 256;
                a.d[s] = Q8_K.quantizeBlock(x, o, blk, 0);
                for (int j = 0; j < 8; j++) {
                    int sum = 0;
                    for (int k = 0; k < 32; k++) {
                        int v = blk[32 * j + k];
                        a.q[o + 32 * j + k] = (short) v;
                        sum += v;
                    }
                    a.bs[s * 8 + j] = sum;
                }
            }
        }
    }

    /** Float activations rounded to fp16, bf16 or kept as is, each row padded with zeros to {@code paddedCols}. */
    static final class Floats {
        private static final ThreadLocal<Floats> LOCAL = ThreadLocal.withInitial(Floats::new);

        float[] x = new float[0];

        static Floats prepare(float[] src, int batch, int cols, int paddedCols, int rounding) {
            Floats a = LOCAL.get();
            int n = batch * paddedCols;
            if (a.x.length < n) {
                a.x = new float[n];
            }
            float[] x = a.x;
            for (int b = 0; b < batch; b++) {
                int so = b * cols;
                int o = b * paddedCols;
                switch (rounding) {
                    case ROUND_F16 -> {
                        for (int c = 0; c < cols; c++) {
                            x[o + c] = Bits.roundToHalf(src[so + c]);
                        }
                    }
                    case ROUND_BF16 -> {
                        for (int c = 0; c < cols; c++) {
                            x[o + c] = Bits.roundToBf16(src[so + c]);
                        }
                    }
                    default -> System.arraycopy(src, so, x, o, cols);
                }
                for (int c = cols; c < paddedCols; c++) {
                    x[o + c] = 0f;
                }
            }
            return a;
        }
    }

    /**
     * The quants as floats in the float path's order: within each chunk of {@code 2L} (L = float lanes of the
     * vector backend), the even elements first, then the odd ones (see {@code Simd}'s lane rule).
     */
    static void evensThenOdds(short[] q, float[] f, int n) {
        int lanes = Math.max(1, Kernels.vectorBits() / 32);
        int chunk = 2 * lanes;
        for (int c = 0; c < n; c += chunk) {
            for (int k = 0; k < lanes; k++) {
                f[c + k] = q[c + 2 * k];
                f[c + lanes + k] = q[c + 2 * k + 1];
            }
        }
    }

    static final int ROUND_NONE = 0;
    static final int ROUND_F16 = 1;
    static final int ROUND_BF16 = 2;

    /** Per worker-thread float scratch for the batched K-quant path. */
    static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

        final float[] w = new float[256];
        final int[] t = new int[16];
        /** accumulators spilled for the final lane sums: up to four vectors */
        final float[] lanes = new float[64];
        float[] acc = new float[0];
        float[] macc = new float[0];

        static Scratch get(int accFloats, int maccFloats) {
            Scratch s = LOCAL.get();
            if (s.acc.length < accFloats) {
                s.acc = new float[accFloats];
            }
            if (s.macc.length < maccFloats) {
                s.macc = new float[maccFloats];
            }
            return s;
        }
    }
}
