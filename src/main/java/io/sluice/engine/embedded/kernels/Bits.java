package io.sluice.engine.embedded.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian field access on ggml byte blocks and the scalar rounding rules ggml's quantizers use. */
final class Bits {

    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT_LE =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private Bits() {
    }

    static short getShort(byte[] a, int off) {
        return (short) SHORT_LE.get(a, off);
    }

    static void putShort(byte[] a, int off, short v) {
        SHORT_LE.set(a, off, v);
    }

    static float getFloat(byte[] a, int off) {
        return (float) FLOAT_LE.get(a, off);
    }

    static void putFloat(byte[] a, int off, float v) {
        FLOAT_LE.set(a, off, v);
    }

    /** fp16 field at {@code off} as float. */
    static float half(byte[] a, int off) {
        return Float.float16ToFloat(getShort(a, off));
    }

    /**
     * ggml's {@code nearest_int}: adds 1.5 * 2^23 so the float adder rounds to nearest-even, then reads the integer
     * from the mantissa bits. Reproduced bit for bit, including what it does outside |x| < 2^22.
     */
    static int nearestInt(float x) {
        float v = x + 12582912f;
        return (Float.floatToRawIntBits(v) & 0x007fffff) - 0x00400000;
    }

    /** C's {@code roundf}: half-way cases away from zero (Math.round would send -2.5 to -2). */
    static float roundAway(float x) {
        double r = Math.floor(Math.abs((double) x) + 0.5);
        return (float) Math.copySign(r, x);
    }

    /** ggml's {@code ggml_compute_fp32_to_bf16}: round to nearest even; NaN kept NaN and made quiet. */
    static short toBf16(float f) {
        int u = Float.floatToRawIntBits(f);
        if ((u & 0x7fffffff) > 0x7f800000) {
            return (short) ((u >>> 16) | 64);
        }
        return (short) ((u + (0x7fff + ((u >>> 16) & 1))) >>> 16);
    }

    static float bf16ToFloat(short h) {
        return Float.intBitsToFloat((h & 0xffff) << 16);
    }

    /** {@code x} rounded to fp16 and back (round to nearest even, overflow to infinity). */
    static float roundToHalf(float x) {
        return Float.float16ToFloat(Float.floatToFloat16(x));
    }

    static float roundToBf16(float x) {
        return bf16ToFloat(toBf16(x));
    }

    static void requireMultiple(int n, int block, String what) {
        if (n % block != 0) {
            throw new IllegalArgumentException(what + " needs a multiple of " + block + " values, got " + n);
        }
    }
}
