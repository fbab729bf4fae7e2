package io.sluice.engine.embedded.kvcache;

/**
 * Key and value storage for every layer: {@code blockCount} blocks of {@code blockSize} token slots, each slot
 * {@code kvWidth} fp16 values. Slot {@code s} of block {@code b} in layer {@code l} starts at
 * {@code (b * blockSize + s) * kvWidth} in {@code keys[l]} and {@code values[l]}.
 */
public final class KvCache {

    private final int layers;
    private final int kvWidth;
    private final int blockSize;
    private final int blockCount;
    private final short[][] keys;
    private final short[][] values;
    private final BlockPool pool;

    public KvCache(int layers, int kvWidth, int blockSize, int blockCount) {
        long perLayer = (long) blockCount * blockSize * kvWidth;
        if (perLayer > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("KV cache of " + blockCount + " blocks is too large for one array "
                    + "per layer; use fewer blocks");
        }
        this.layers = layers;
        this.kvWidth = kvWidth;
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.keys = new short[layers][(int) perLayer];
        this.values = new short[layers][(int) perLayer];
        this.pool = new BlockPool(blockCount);
    }

    /** Bytes of fp16 storage one token takes across all layers, keys and values. */
    public static long bytesPerToken(int layers, int kvWidth) {
        return 2L * 2 * layers * kvWidth;
    }

    public int layers() {
        return layers;
    }

    public int kvWidth() {
        return kvWidth;
    }

    public int blockSize() {
        return blockSize;
    }

    public int blockCount() {
        return blockCount;
    }

    public int capacityTokens() {
        return blockCount * blockSize;
    }

    public BlockPool pool() {
        return pool;
    }

    public short[] keys(int layer) {
        return keys[layer];
    }

    public short[] values(int layer) {
        return values[layer];
    }

    public long residentBytes() {
        return 2L * 2 * layers * (long) blockCount * blockSize * kvWidth;
    }

    /** Offset of position {@code position} of the sequence owning {@code table} in a layer's arrays. */
    public int offset(BlockTable table, int position) {
        int block = table.block(position / blockSize);
        return (block * blockSize + position % blockSize) * kvWidth;
    }
}
