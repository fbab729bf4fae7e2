package io.sluice.engine.embedded.kernels;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quantizers against ggml itself: the llama.cpp oracle jar (a test dependency) bundles a native library that
 * exports ggml's {@code quantize_row_*_ref}; called through the FFM API on the same inputs, they must give the same
 * bytes. Skipped where the jar has no library for this platform.
 */
class NativeOracleTest {

    private static final String LIB = "de/kherud/llama/Linux/x86_64/libjllama.so";

    @TempDir
    static Path dir;

    private static Arena arena;
    private static SymbolLookup ggml;

    @BeforeAll
    static void loadGgml() throws Throwable {
        boolean linuxX64 = System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        InputStream in = linuxX64 ? NativeOracleTest.class.getClassLoader().getResourceAsStream(LIB) : null;
        assumeTrue(in != null, "no ggml library for this platform in the oracle jar");
        Path lib = dir.resolve("libggml-oracle.so");
        try (in) {
            Files.copy(in, lib);
        }
        arena = Arena.ofShared();
        ggml = SymbolLookup.libraryLookup(lib, arena);
        // ggml_init fills ggml's fp16 -> fp32 table; the reference quantizers read stored scales back through it
        StructLayout params = MemoryLayout.structLayout(JAVA_LONG, ADDRESS, JAVA_BOOLEAN,
                MemoryLayout.paddingLayout(7));
        MethodHandle init = Linker.nativeLinker().downcallHandle(ggml.find("ggml_init").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, params));
        MethodHandle free = Linker.nativeLinker().downcallHandle(ggml.find("ggml_free").orElseThrow(),
                FunctionDescriptor.ofVoid(ADDRESS));
        MemorySegment p = arena.allocate(params);
        p.set(JAVA_LONG, 0, 1L << 16);
        p.set(JAVA_BOOLEAN, 16, true);
        MemorySegment ctx = (MemorySegment) init.invokeExact(p);
        free.invokeExact(ctx);
    }

    @AfterAll
    static void unload() {
        if (arena != null) {
            arena.close();
        }
    }

    private static MethodHandle rowFunction(String name) {
        return Linker.nativeLinker().downcallHandle(ggml.find(name).orElseThrow(),
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG));
    }

    /** Runs the native {@code fn(const float *x, void *y, int64_t k)} and returns the {@code bytes} it wrote. */
    private static byte[] nativeRow(String fn, float[] x, int bytes) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment src = a.allocate(4L * x.length, 64);
            MemorySegment.copy(x, 0, src, JAVA_FLOAT, 0, x.length);
            MemorySegment dst = a.allocate(bytes + 64L, 64);
            rowFunction(fn).invokeExact(src, dst, (long) x.length);
            return dst.asSlice(0, bytes).toArray(JAVA_BYTE);
        }
    }

    /** Inputs that exercise the fitting loops: gaussians at several scales, outliers, constants, zeros, ties. */
    private static float[][] inputs(int blockSize) {
        Random rnd = new Random(2024);
        int n = blockSize * 64;
        float[][] cases = new float[7][];
        cases[0] = TestData.gaussian(rnd, n, 1f);
        cases[1] = TestData.gaussian(rnd, n, 0.01f);
        cases[2] = TestData.gaussian(rnd, n, 300f);
        cases[3] = new float[n];
        cases[4] = new float[n];
        cases[5] = new float[n];
        cases[6] = new float[n];
        for (int i = 0; i < n; i++) {
            cases[3][i] = i % blockSize < blockSize / 2 ? 0f : 1.5f;                    // half zero, half constant
            cases[4][i] = (i % 17) * 0.25f - 2f;                                      // many exact ties
            cases[5][i] = (float) Math.abs(rnd.nextGaussian()) + (i % blockSize == 0 ? 5 : 0); // positive, min > 0
            cases[6][i] = rnd.nextInt(10) == 0 ? (float) rnd.nextGaussian() * 1e-3f : 0f; // sparse
        }
        return cases;
    }

    private static void assertSameBytes(String fn, Function<float[], byte[]> ours, int blockSize, int blockBytes)
            throws Throwable {
        float[][] cases = inputs(blockSize);
        for (int c = 0; c < cases.length; c++) {
            byte[] want = nativeRow(fn, cases[c], cases[c].length / blockSize * blockBytes);
            byte[] got = ours.apply(cases[c]);
            for (int i = 0; i < want.length; i++) {
                if (want[i] != got[i]) {
                    int blk = i / blockBytes;
                    assertEquals(want[i], got[i], fn + " case " + c + ": first difference in block " + blk
                            + " at byte " + i % blockBytes);
                }
            }
        }
    }

    @Test
    void q8_0MatchesGgml() throws Throwable {
        assertSameBytes("quantize_row_q8_0_ref", Q8_0::quantize, 32, 34);
    }

    @Test
    void q4_0MatchesGgml() throws Throwable {
        assertSameBytes("quantize_row_q4_0_ref", Q4_0::quantize, 32, 18);
    }

    @Test
    void q4_KMatchesGgml() throws Throwable {
        assertSameBytes("quantize_row_q4_K_ref", Q4_K::quantize, 256, 144);
    }

    @Test
    void q6_KMatchesGgml() throws Throwable {
        assertSameBytes("quantize_row_q6_K_ref", Q6_K::quantize, 256, 210);
    }

    @Test
    void q8_KMatchesGgml() throws Throwable {
        assertSameBytes("quantize_row_q8_K_ref", Q8_K::quantize, 256, 292);
    }

    @Test
    void bf16MatchesGgml() throws Throwable {
        float[] x = TestData.gaussian(new Random(5), 4096, 3f);
        x[0] = Float.NaN;
        x[1] = Float.intBitsToFloat(0x7f800001); // signalling NaN: must come back quiet
        x[2] = Float.POSITIVE_INFINITY;
        x[3] = Float.MIN_VALUE;
        x[4] = Float.intBitsToFloat(0x3f808000); // exact tie, even
        x[5] = Float.intBitsToFloat(0x3f818000); // exact tie, odd
        x[6] = Float.MAX_VALUE;
        assertArrayEquals(nativeRow("ggml_fp32_to_bf16_row_ref", x, 2 * x.length), BF16.quantize(x));
    }

    @Test
    void f16MatchesGgml() throws Throwable {
        float[] x = TestData.gaussian(new Random(6), 4096, 3f);
        x[0] = 65520f;    // rounds to infinity
        x[1] = 65519f;    // rounds to 65504
        x[2] = 1e-8f;     // subnormal half
        x[3] = Float.intBitsToFloat(0x3f801000); // tie
        assertArrayEquals(nativeRow("ggml_fp32_to_fp16_row", x, 2 * x.length), F16.quantize(x));
    }

    /**
     * The activation side: ggml's CPU {@code quantize_row_q8_0}, which x86 builds compile with AVX/AVX2 (scale
     * 127/amax, round to nearest even), against the rounding {@link Activations.Q8} applies.
     */
    @Test
    void q8_0ActivationsMatchGgmlCpuBackend() throws Throwable {
        MethodHandle hasAvx = Linker.nativeLinker().downcallHandle(ggml.find("ggml_cpu_has_avx").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT));
        assumeTrue((int) hasAvx.invokeExact() != 0, "oracle CPU backend built without AVX: generic rounding");
        for (float[] x : inputs(32)) {
            byte[] want = nativeRow("quantize_row_q8_0", x, x.length / 32 * 34);
            Activations.Q8 a = Activations.Q8.prepare(x, 1, x.length, false);
            for (int b = 0; b < x.length / 32; b++) {
                assertEquals(Float.float16ToFloat(Bits.getShort(want, b * 34)), a.d[b], "scale of block " + b);
                for (int j = 0; j < 32; j++) {
                    assertEquals(want[b * 34 + 2 + j], a.q[b * 32 + j], "block " + b + " quant " + j);
                }
            }
        }
    }
}
