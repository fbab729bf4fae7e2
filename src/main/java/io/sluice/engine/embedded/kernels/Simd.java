package io.sluice.engine.embedded.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species of every kernel, fixed once as {@code static final} constants (a non-constant species makes C2
 * box every vector). {@code L} float lanes; 16-bit work uses {@code 2L} lanes of the same width, fed from {@code 2L}
 * bytes ({@link #BH}); byte-to-float conversions load 8 bytes ({@link #B8}) and use the first {@code L}.
 *
 * <p>Lane rule shared by every quantized kernel, integer or float path: the weights of a scale unit (block or
 * sub-block) are taken in chunks of {@code 2L}, and float/int lane {@code k} accumulates elements {@code 2k} and
 * {@code 2k+1} of every chunk. The integer path gets there by multiplying in 16-bit lanes and adding adjacent lanes
 * ({@link #pairSum}, shifts on the same register, far cheaper than widening conversions); the float path widens the
 * even and the odd 16-bit lanes separately and pairs them with activations stored evens-then-odds per chunk. The
 * per-lane sums are exact integers on both paths, so the two give identical bits, and a batched multiply equals the
 * single-row one bit for bit.
 */
final class Simd {

    private static final boolean WIDE = Math.min(FloatVector.SPECIES_PREFERRED.vectorBitSize(), 256) >= 256;

    static final VectorSpecies<Float> F = WIDE ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;
    static final VectorSpecies<Integer> I = WIDE ? IntVector.SPECIES_256 : IntVector.SPECIES_128;
    static final VectorSpecies<Short> S = WIDE ? ShortVector.SPECIES_256 : ShortVector.SPECIES_128;
    /** 2L bytes: one load widened to a full short vector. */
    static final VectorSpecies<Byte> BH = WIDE ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;
    /** L shorts: one load widened to a full int vector. */
    static final VectorSpecies<Short> SH = WIDE ? ShortVector.SPECIES_128 : ShortVector.SPECIES_64;
    /** 8 bytes: widened to L ints or floats (part 0). */
    static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;

    /** Float lanes per vector. */
    static final int L = F.length();

    private Simd() {
    }

    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** Sum of {@code L} floats at {@code off} in the same fixed order as {@link #sum}. */
    static float sumLanes(float[] a, int off) {
        float s = a[off];
        for (int i = 1; i < L; i++) {
            s += a[off + i];
        }
        return s;
    }

    /** Sum of the lanes in a fixed order, so that interpreted and compiled code agree bit for bit. */
    static float sum(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < L; i++) {
            s += v.lane(i);
        }
        return s;
    }

    /** Adjacent 16-bit lanes added into 32-bit lanes: int lane k = s[2k] + s[2k+1], each sign-extended. */
    static IntVector pairSum(ShortVector s) {
        IntVector v = s.reinterpretAsInts();
        return v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                .add(v.lanewise(VectorOperators.ASHR, 16));
    }

    /** The low nibble of each 16-bit lane as a signed 4-bit value. */
    static ShortVector lowNibble(ShortVector v) {
        return v.lanewise(VectorOperators.LSHL, 12).lanewise(VectorOperators.ASHR, 12);
    }

    static FloatVector toFloat(IntVector v) {
        return (FloatVector) v.convert(VectorOperators.I2F, 0);
    }

    /** The even 16-bit lanes (0, 2, 4, ...) as floats, sign-extended. */
    static FloatVector evenToFloat(ShortVector s) {
        return (FloatVector) s.reinterpretAsInts().lanewise(VectorOperators.LSHL, 16)
                .lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0);
    }

    /** The odd 16-bit lanes (1, 3, 5, ...) as floats, sign-extended. */
    static FloatVector oddToFloat(ShortVector s) {
        return (FloatVector) s.reinterpretAsInts().lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0);
    }

    /** Stores a 2L-lane short vector as floats, evens at {@code off}, odds at {@code off + L}. */
    static void storePairs(ShortVector s, float[] a, int off) {
        evenToFloat(s).intoArray(a, off);
        oddToFloat(s).intoArray(a, off + L);
    }

    /** L signed bytes at {@code off} as floats. Reads 8 bytes (arrays carry padding). */
    static FloatVector bytesToFloats(byte[] a, int off) {
        return (FloatVector) ByteVector.fromArray(B8, a, off).convertShape(VectorOperators.B2F, F, 0);
    }

    /** L unsigned bytes at {@code off} as ints. Reads 8 bytes (arrays carry padding). */
    static IntVector ubytesToInts(byte[] a, int off) {
        return (IntVector) ByteVector.fromArray(B8, a, off).convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
    }

    /** L signed bytes at {@code off} as ints. Reads 8 bytes (arrays carry padding). */
    static IntVector bytesToInts(byte[] a, int off) {
        return (IntVector) ByteVector.fromArray(B8, a, off).convertShape(VectorOperators.B2I, I, 0);
    }

    /** 2L signed bytes at {@code off} as shorts. */
    static ShortVector bytesToShorts(byte[] a, int off) {
        return (ShortVector) ByteVector.fromArray(BH, a, off).convertShape(VectorOperators.B2S, S, 0);
    }

    /** 2L unsigned bytes at {@code off} as shorts. */
    static ShortVector ubytesToShorts(byte[] a, int off) {
        return (ShortVector) ByteVector.fromArray(BH, a, off).convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
    }

    /** L fp16 bit patterns at {@code off} as floats, exactly as {@link Float#float16ToFloat} (subnormals, infinities, NaN). */
    static FloatVector halfToFloat(short[] a, int off) {
        IntVector h = (IntVector) ShortVector.fromArray(SH, a, off).convertShape(VectorOperators.S2I, I, 0);
        // sign to bit 31, exponent and mantissa to bits 13..27; scaling by 2^112 rebiases the exponent exactly
        IntVector bits = h.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(0x8FFFE000);
        FloatVector f = bits.reinterpretAsFloats().mul(0x1p112f);
        // fp16 exponent 31 (inf/NaN) lands at |f| >= 2^16, above the largest finite half (65504)
        var special = f.abs().compare(VectorOperators.GE, 65536f);
        IntVector inf = bits.or(0x7F800000);
        // NaN comes back quiet, as vcvtph2ps and Float.float16ToFloat make it
        IntVector nan = inf.lanewise(VectorOperators.OR, 0x00400000, inf.and(0x007FFFFF).compare(VectorOperators.NE, 0));
        return f.blend(nan.reinterpretAsFloats(), special);
    }

    /** As {@link #halfToFloat} for tensors known to hold no infinity or NaN. */
    static FloatVector finiteHalfToFloat(short[] a, int off) {
        IntVector h = (IntVector) ShortVector.fromArray(SH, a, off).convertShape(VectorOperators.S2I, I, 0);
        IntVector bits = h.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(0x8FFFE000);
        return bits.reinterpretAsFloats().mul(0x1p112f);
    }

    /** L bf16 bit patterns at {@code off} as floats. */
    static FloatVector bf16ToFloat(short[] a, int off) {
        IntVector h = (IntVector) ShortVector.fromArray(SH, a, off).convertShape(VectorOperators.S2I, I, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }
}
