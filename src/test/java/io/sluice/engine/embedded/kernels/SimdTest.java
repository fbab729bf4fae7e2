package io.sluice.engine.embedded.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vector 16-bit float conversions, over every bit pattern. */
class SimdTest {

    @BeforeEach
    void vectorOnly() {
        assumeTrue(Kernels.backend() == KernelBackend.VECTOR, "no vector backend on this JVM");
    }

    @Test
    void halfToFloatIsExactForAll65536Patterns() {
        short[] all = new short[65536 + 16];
        for (int i = 0; i < 65536; i++) {
            all[i] = (short) i;
        }
        float[] lanes = new float[Simd.L];
        for (int i = 0; i < 65536; i += Simd.L) {
            Simd.halfToFloat(all, i).intoArray(lanes, 0);
            for (int k = 0; k < Simd.L; k++) {
                int h = i + k;
                assertEquals(Float.floatToRawIntBits(Float.float16ToFloat((short) h)),
                        Float.floatToRawIntBits(lanes[k]), () -> "fp16 0x" + Integer.toHexString(h));
            }
            Simd.finiteHalfToFloat(all, i).intoArray(lanes, 0);
            for (int k = 0; k < Simd.L; k++) {
                int h = i + k;
                if ((h & 0x7c00) != 0x7c00) {
                    assertEquals(Float.floatToRawIntBits(Float.float16ToFloat((short) h)),
                            Float.floatToRawIntBits(lanes[k]), () -> "finite fp16 0x" + Integer.toHexString(h));
                }
            }
            Simd.bf16ToFloat(all, i).intoArray(lanes, 0);
            for (int k = 0; k < Simd.L; k++) {
                assertEquals(Float.floatToRawIntBits(Bits.bf16ToFloat((short) (i + k))),
                        Float.floatToRawIntBits(lanes[k]));
            }
        }
    }

    @Test
    void laneSumIsTheFixedLeftToRightOrder() {
        float[] v = new float[Simd.L];
        for (int i = 0; i < v.length; i++) {
            v[i] = i == 0 ? 1e8f : 1f; // left to right, every +1 is lost against 1e8
        }
        float want = v[0];
        for (int i = 1; i < v.length; i++) {
            want += v[i];
        }
        assertEquals(want, Simd.sum(jdk.incubator.vector.FloatVector.fromArray(Simd.F, v, 0)));
    }
}
