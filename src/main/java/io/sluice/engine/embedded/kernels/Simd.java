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
 * bytes ({@link #BH}); fp16/bf16 are widened from {@code L} shorts ({@link #SH}).
 *
 * <p>Lane rule shared by every quantized kernel, integer or float path: the weights of a scale unit (block or
 * sub-block) are taken in chunks of {@code 2L}, and float/int lane {@code k} accumulates elements {@code 2k} and
 * {@code 2k+1} of every chunk. The integer paths get there by multiplying in 16-bit lanes and adding adjacent lanes
 * of the same register reinterpreted as 32-bit ({@code (v << 16 >> 16) + (v >> 16)}: three shifts, far cheaper than
 * the widening conversions); the K-quants' batched float path widens the even and the odd 16-bit lanes separately
 * and pairs them with activations stored evens-then-odds per chunk. The per-lane sums are exact integers on both
 * paths, so the two give identical bits, and a batched multiply equals the single-row one bit for bit.
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

    /**
     * Whether the integer kernels take two batch rows per pass over a weight group (widening each weight chunk once
     * for both). That needs about 20 vector registers: x86 has 32 with AVX-512 (also for 256-bit vectors), 16
     * without, where the extra registers would spill; a preferred species of 512 bits stands for AVX-512.
     * {@code -Dsluice.kernels.tile=false} turns it off.
     */
    static final boolean TILE_BATCH_ROWS = Boolean.parseBoolean(System.getProperty("sluice.kernels.tile",
            Boolean.toString(FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512)));

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

    /** Stores a 2L-lane short vector as floats, evens at {@code off}, odds at {@code off + L}. */
    /** L signed bytes at {@code off} as floats. Reads 8 bytes (arrays carry padding). */
    /** L unsigned bytes at {@code off} as ints. Reads 8 bytes (arrays carry padding). */
    /** L signed bytes at {@code off} as ints. Reads 8 bytes (arrays carry padding). */
    /** 2L signed bytes at {@code off} as shorts. */
    /** 2L unsigned bytes at {@code off} as shorts. */
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
