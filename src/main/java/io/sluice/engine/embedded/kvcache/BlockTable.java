package io.sluice.engine.embedded.kvcache;

import java.util.Arrays;

/**
 * The blocks one sequence's positions live in, in order: position {@code p} is in block {@code block(p / blockSize)}.
 * Grows as the sequence does; {@link #release} returns every block to the pool.
 */
public final class BlockTable {

    private final KvCache cache;
    private int[] blocks = new int[4];
    private int count;
    /** Leading blocks that are full and registered with the pool (claimed from it, or registered by us). */
    private int registered;

    public BlockTable(KvCache cache) {
        this.cache = cache;
    }

    public int block(int index) {
        if (index >= count) {
            throw new IndexOutOfBoundsException("block " + index + " of a table with " + count);
        }
        return blocks[index];
    }

    public int blockCount() {
        return count;
    }

    /** Positions this table can hold without allocating. */
    public int capacity() {
        return count * cache.blockSize();
    }

    /** Blocks that must be allocated so that {@code tokens} positions fit. */
    public int blocksNeeded(int tokens) {
        int want = (tokens + cache.blockSize() - 1) / cache.blockSize();
        return Math.max(0, want - count);
    }

    /** Allocates blocks until {@code tokens} positions fit; false (with nothing allocated) if the pool is short. */
    public boolean ensureCapacity(int tokens) {
        int needed = blocksNeeded(tokens);
        if (needed > cache.pool().freeBlocks()) {
            return false;
        }
        for (int i = 0; i < needed; i++) {
            append(cache.pool().allocate());
        }
        return true;
    }

    /** Appends a block the caller already holds a reference to. */
    public void append(int block) {
        if (count == blocks.length) {
            blocks = Arrays.copyOf(blocks, count * 2);
        }
        blocks[count++] = block;
    }

    /**
     * Claims cached blocks that hold the leading full blocks of {@code tokens}, at most {@code maxBlocks} of them, on
     * an empty table. Returns how many tokens are already in the cache.
     */
    public int claimPrefix(int[] tokens, int maxBlocks) {
        if (count != 0) {
            throw new IllegalStateException("prefix claims need an empty table");
        }
        int size = cache.blockSize();
        long parent = 0;
        for (int b = 0; b < maxBlocks && (b + 1) * size <= tokens.length; b++) {
            int block = cache.pool().claim(parent, Arrays.copyOfRange(tokens, b * size, (b + 1) * size));
            if (block < 0) {
                break;
            }
            append(block);
            parent = cache.pool().serial(block);
        }
        registered = count;
        return count * size;
    }

    /**
     * Registers the blocks that {@code computed} positions have filled, so later sequences with the same prefix can
     * share them. {@code tokens} are the sequence's tokens (at least {@code computed} of them).
     */
    public void registerFull(int[] tokens, int computed) {
        int size = cache.blockSize();
        int full = Math.min(computed / size, count);
        for (int b = registered; b < full; b++) {
            long parent = b == 0 ? 0 : cache.pool().serial(blocks[b - 1]);
            cache.pool().register(blocks[b], parent, Arrays.copyOfRange(tokens, b * size, (b + 1) * size));
        }
        registered = Math.max(registered, full);
    }

    public void release() {
        for (int i = 0; i < count; i++) {
            cache.pool().release(blocks[i]);
        }
        count = 0;
        registered = 0;
    }
}
