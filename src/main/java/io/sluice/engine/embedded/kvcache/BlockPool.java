package io.sluice.engine.embedded.kvcache;

import java.util.ArrayDeque;

/**
 * Allocates KV blocks by id. Blocks carry a reference count so that sequences can share blocks (prefix reuse);
 * a block returns to the free list when its count drops to zero.
 */
public final class BlockPool {

    private final int[] refCounts;
    private final ArrayDeque<Integer> free;

    BlockPool(int blockCount) {
        refCounts = new int[blockCount];
        free = new ArrayDeque<>(blockCount);
        for (int i = 0; i < blockCount; i++) {
            free.addLast(i);
        }
    }

    public int freeBlocks() {
        return free.size();
    }

    public int totalBlocks() {
        return refCounts.length;
    }

    public int usedBlocks() {
        return refCounts.length - free.size();
    }

    /** A fresh block with reference count 1, or -1 when none is free. */
    public int allocate() {
        Integer b = free.pollFirst();
        if (b == null) {
            return -1;
        }
        refCounts[b] = 1;
        return b;
    }

    /** Adds a reference to a block in use. */
    public void retain(int block) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("block " + block + " is not in use");
        }
        refCounts[block]++;
    }

    /** Drops a reference; the block is free again when none remain. */
    public void release(int block) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("block " + block + " released more often than allocated");
        }
        if (--refCounts[block] == 0) {
            free.addLast(block);
        }
    }
}
