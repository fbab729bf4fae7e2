package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufFormatException;
import io.sluice.engine.embedded.gguf.GgufTensorInfo;

import java.util.EnumSet;
import java.util.Set;

/** Builds {@link WeightMatrix} instances from GGUF tensors or raw ggml bytes. */
public final class WeightMatrices {

    /** The types {@link #load} and {@link #of} accept, in the order error messages list them. */
    public static final Set<GgmlType> SUPPORTED = EnumSet.of(
            GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K);

    private static final String SUPPORTED_LIST = "F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K";

    /** Bytes of raw tensor read from the file at a time while loading. */
    private static final int READ_CHUNK = 8 << 20;

    private WeightMatrices() {
    }

    /**
     * Copies a 2-D tensor into heap arrays (read through the file channel, never mapped) in the kernels' layout.
     * Trailing dimensions of size 1 are allowed. Tensors over 2 GiB are split over several arrays.
     */
    public static WeightMatrix load(GgufFile file, GgufTensorInfo tensor, KernelPool pool) {
        return load(file, tensor, pool, Kernels.backend(), READ_CHUNK, PackedMatrix.MAX_CHUNK_BYTES);
    }

    static PackedMatrix load(GgufFile file, GgufTensorInfo tensor, KernelPool pool, KernelBackend backend,
                             int readChunk, long maxChunkBytes) {
        GgmlType type = tensor.type();
        if (!SUPPORTED.contains(type)) {
            throw new GgufFormatException(file.path() + ": tensor '" + tensor.name() + "' has type " + type
                    + ", which this engine does not support (supported: " + SUPPORTED_LIST + ")");
        }
        for (int i = 2; i < tensor.rank(); i++) {
            if (tensor.dim(i) != 1) {
                throw new GgufFormatException(file.path() + ": tensor '" + tensor.name() + "' has dims "
                        + java.util.Arrays.toString(tensor.dims()) + "; a weight matrix must be 2-D");
            }
        }
        long cols = tensor.dim(0);
        long rows = tensor.dim(1);
        if (cols <= 0 || rows <= 0 || cols > Integer.MAX_VALUE / 4 || rows > Integer.MAX_VALUE / 4
                || cols % type.blockSize() != 0) {
            throw new GgufFormatException(file.path() + ": tensor '" + tensor.name() + "' of type " + type
                    + " has unusable dims " + java.util.Arrays.toString(tensor.dims()));
        }
        PackedMatrix m = PackedMatrix.create(type, (int) rows, (int) cols, pool, backend, maxChunkBytes);
        long rowBytes = type.bytesFor(cols);
        int rowsPerRead = (int) Math.max(1, Math.min(rows, readChunk / rowBytes));
        byte[] buffer = new byte[(int) (Math.min(rowsPerRead, rows) * rowBytes)];
        for (long r = 0; r < rows; r += rowsPerRead) {
            int n = (int) Math.min(rowsPerRead, rows - r);
            file.read(tensor, r * rowBytes, buffer, 0, (int) (n * rowBytes));
            m.pack(buffer, 0, (int) r, n);
        }
        return m;
    }

    /**
     * Runs the kernels of {@code types} on small random matrices until C2 has compiled them, for batch 1 and for a
     * batch of 4. Until then the Vector API runs 10-100x slower (interpreted or C1), so an engine should call this
     * once at model load for the types its model uses, before serving. Takes well under a second per type.
     */
    public static void warmUp(java.util.Collection<GgmlType> types, KernelPool pool) {
        java.util.List<GgmlType> cold = types.stream().filter(WARM::add).toList();
        if (cold.isEmpty()) {
            return;   // compiled code lives for the JVM: a second model of the same types needs no warm-up
        }
        java.util.Random rnd = new java.util.Random(42);
        // small matrices, many calls: C2 compiles a method after ~5000 invocations, and until then every call is slow
        int rows = 2;
        int cols = 256;
        float[] w = new float[rows * cols];
        float[] x = new float[4 * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian() * 0.05f;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] out = new float[4 * rows];
        for (GgmlType type : cold) {
            if (!SUPPORTED.contains(type)) {
                continue;
            }
            WeightMatrix m = of(type, Quantizers.quantize(type, w), rows, cols, pool);
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                m.multiply(x, 1, out);
            }
            for (int i = 0; i < WARM_UP_CALLS / 4; i++) {
                m.multiply(x, 4, out);
            }
        }
    }

    private static final int WARM_UP_CALLS = 12000;
    private static final java.util.Set<GgmlType> WARM = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A matrix over raw ggml bytes ({@code rows} rows of {@code cols} weights, row-major), copied into the kernels' layout. */
    public static WeightMatrix of(GgmlType type, byte[] raw, int rows, int cols, KernelPool pool) {
        return of(type, raw, rows, cols, pool, Kernels.backend(), PackedMatrix.MAX_CHUNK_BYTES);
    }

    static PackedMatrix of(GgmlType type, byte[] raw, int rows, int cols, KernelPool pool, KernelBackend backend,
                           long maxChunkBytes) {
        if (!SUPPORTED.contains(type)) {
            throw new GgufFormatException("raw tensor has type " + type
                    + ", which this engine does not support (supported: " + SUPPORTED_LIST + ")");
        }
        if (rows <= 0 || cols <= 0 || cols % type.blockSize() != 0) {
            throw new IllegalArgumentException(type + " matrix needs positive rows and cols a multiple of "
                    + type.blockSize() + ", got " + rows + "x" + cols);
        }
        long need = type.bytesFor((long) rows * cols);
        if (raw.length < need) {
            throw new IllegalArgumentException(type + " " + rows + "x" + cols + " needs " + need + " bytes, got "
                    + raw.length);
        }
        PackedMatrix m = PackedMatrix.create(type, rows, cols, pool, backend, maxChunkBytes);
        m.pack(raw, 0, 0, rows);
        return m;
    }
}
