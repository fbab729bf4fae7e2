package io.sluice.engine.embedded.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The activation quantizers: vector and scalar versions give the same bits; Q8_K agrees with the public format. */
class ActivationsTest {

    /** Gaussians, an all-zero block, exact ties of x * 127 / amax, and a negative maximum met twice. */
    private static float[] inputs(int n) {
        float[] x = TestData.gaussian(new Random(8), n, 2f);
        Arrays.fill(x, 256, 512, 0f);
        for (int i = 512; i < 768; i++) {
            x[i] = (i % 5 - 2) * 0.5f; // with amax 127 below: x * 127 / 127 lands on .5 ties
        }
        x[513] = 127f;
        x[800] = -9f;
        x[900] = 9f;
        return x;
    }

    @Test
    void vectorQ8EqualsScalarQ8() {
        assumeTrue(Kernels.backend() == KernelBackend.VECTOR, "no vector backend on this JVM");
        float[] x = inputs(2048);
        Activations.Q8 s = Activations.Q8.prepare(x, 2, 1024, false);
        short[] sq = Arrays.copyOf(s.q, 2048);
        float[] sd = Arrays.copyOf(s.d, 64);
        Activations.Q8 v = Activations.Q8.prepare(x, 2, 1024, true);
        assertArrayEquals(sq, Arrays.copyOf(v.q, 2048));
        assertArrayEquals(sd, Arrays.copyOf(v.d, 64));
    }

    @Test
    void vectorQ8KEqualsScalarQ8KAndTheFormat() {
        assumeTrue(Kernels.backend() == KernelBackend.VECTOR, "no vector backend on this JVM");
        float[] x = inputs(2048);
        Activations.Q8K s = Activations.Q8K.prepare(x, 2, 1024, false, false);
        short[] sq = Arrays.copyOf(s.q, 2048);
        float[] sd = Arrays.copyOf(s.d, 8);
        int[] sbs = Arrays.copyOf(s.bs, 64);
        Activations.Q8K v = Activations.Q8K.prepare(x, 2, 1024, true, false);
        assertArrayEquals(sq, Arrays.copyOf(v.q, 2048));
        assertArrayEquals(sd, Arrays.copyOf(v.d, 8));
        assertArrayEquals(sbs, Arrays.copyOf(v.bs, 64));
        byte[] ggml = Q8_K.quantize(x);
        for (int b = 0; b < 8; b++) {
            assertEquals(Bits.getFloat(ggml, b * 292), v.d[b]);
            for (int j = 0; j < 256; j++) {
                assertEquals(ggml[b * 292 + 4 + j], v.q[b * 256 + j]);
            }
            for (int j = 0; j < 8; j++) {
                assertEquals(Bits.getShort(ggml, b * 292 + 260 + 4 * j) + Bits.getShort(ggml, b * 292 + 262 + 4 * j),
                        v.bs[b * 8 + j]);
            }
        }
    }
}
