package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

/**
 * Common shape of every weight matrix: rows are packed in groups of {@link #GROUP} (two), the rows of a group
 * interleaved block by block so that one sequential stream feeds both dot products (GGML's row-major layout read
 * several rows at a time defeats the hardware prefetcher). The two rows share each activation load, and a two-row
 * loop body stays within sixteen vector registers. Groups are stored in chunks of at most {@code maxChunkBytes} per
 * array, so tensors over 2 GiB work. Padding rows of the last group are zero and never written out.
 */
abstract class PackedMatrix implements WeightMatrix {

    static final int GROUP = 2;
    /**
     * Chunks of row groups per pool thread in one multiply: enough that a thread descheduled by a neighbour costs
     * one chunk of waiting, few enough that each chunk is a long sequential stream (at least tens of KB).
     */
    static final int CHUNKS_PER_THREAD = 8;
    static final long MAX_CHUNK_BYTES = 1L << 30;
    /** Slack at the end of every byte array: vector loads read up to 8 bytes past a value they use. */
    static final int PAD = 64;

    final GgmlType type;
    final int rows;
    final int cols;
    final int groups;
    final KernelPool pool;
    final KernelBackend backend;
    final int groupsPerChunk;
    final int chunks;

    PackedMatrix(GgmlType type, int rows, int cols, KernelPool pool, KernelBackend backend, long groupBytes,
                 long maxChunkBytes) {
        this.type = type;
        this.rows = rows;
        this.cols = cols;
        this.groups = (rows + GROUP - 1) / GROUP;
        this.pool = pool;
        this.backend = backend;
        this.groupsPerChunk = (int) Math.max(1, Math.min(groups, maxChunkBytes / groupBytes));
        this.chunks = (groups + groupsPerChunk - 1) / groupsPerChunk;
        if ((long) groupsPerChunk * groupBytes + PAD > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(type + " row group of " + groupBytes + " bytes is too large");
        }
    }

    static PackedMatrix create(GgmlType type, int rows, int cols, KernelPool pool, KernelBackend backend,
                               long maxChunkBytes) {
        return switch (type) {
            case F32 -> new F32Matrix(rows, cols, pool, backend, maxChunkBytes);
            case F16, BF16 -> new HalfMatrix(type, rows, cols, pool, backend, maxChunkBytes);
            case Q8_0 -> new Q8_0Matrix(rows, cols, pool, backend, maxChunkBytes);
            case Q4_0 -> new Q4_0Matrix(rows, cols, pool, backend, maxChunkBytes);
            case Q4_K -> new Q4_KMatrix(rows, cols, pool, backend, maxChunkBytes);
            case Q6_K -> new Q6_KMatrix(rows, cols, pool, backend, maxChunkBytes);
            default -> throw new IllegalArgumentException("unsupported type " + type);
        };
    }

    /** Activation bytes one batch chunk may take: half of a Zen 3 L2, so they stay in L2 across all groups. */
    static final long BATCH_CHUNK_BYTES = 256 << 10;

    /**
     * Batch rows per pass over the weights: as many as keep their activations ({@code rowBytes} each) in L2. Kernels
     * loop batch chunk, then group, then batch row, so weights come from DRAM once per chunk (once per call up to
     * ~50-100 rows) and activations from L2 instead of once per group from memory.
     */
    static int batchChunk(long rowBytes) {
        return (int) Math.max(1, BATCH_CHUNK_BYTES / rowBytes);
    }

    /** Groups held by chunk {@code c}. */
    final int groupsIn(int c) {
        return Math.min(groupsPerChunk, groups - c * groupsPerChunk);
    }

    /** Copies {@code n} raw ggml rows, the first being row {@code firstRow}, from {@code raw[offset..]}. */
    abstract void pack(byte[] raw, int offset, int firstRow, int n);

    /** Multiplies with already validated arguments. */
    abstract void multiplyChecked(float[] x, int batch, float[] out);

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    @Override
    public final GgmlType type() {
        return type;
    }

    @Override
    public final void multiply(float[] x, int batch, float[] out) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (x.length < (long) batch * cols) {
            throw new IllegalArgumentException("x holds " + x.length + " floats, batch " + batch + " x " + cols
                    + " needed");
        }
        if (out.length < (long) batch * rows) {
            throw new IllegalArgumentException("out holds " + out.length + " floats, batch " + batch + " x " + rows
                    + " needed");
        }
        multiplyChecked(x, batch, out);
    }

    @Override
    public final void row(int r, float[] dst, int offset) {
        if (r < 0 || r >= rows) {
            throw new IndexOutOfBoundsException("row " + r + " of " + rows);
        }
        decodeRow(r / GROUP / groupsPerChunk, r / GROUP % groupsPerChunk, r % GROUP, dst, offset);
    }

    /** Dequantizes row {@code k} of group {@code g} of chunk {@code c}. */
    abstract void decodeRow(int c, int g, int k, float[] dst, int offset);

    @Override
    public String toString() {
        return type + " " + rows + "x" + cols + " (" + chunks + " chunk" + (chunks == 1 ? "" : "s") + ", " + backend + ")";
    }
}
