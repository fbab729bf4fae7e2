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

    public void release() {
        for (int i = 0; i < count; i++) {
            cache.pool().release(blocks[i]);
        }
        count = 0;
    }
}
