package io.sluice.engine.embedded.kvcache;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Allocates KV blocks and remembers what the full ones hold, so identical prefixes share them (automatic prefix
 * caching, as in vLLM). Blocks carry a reference count; a block whose count drops to zero is free again, but if it is
 * a registered full block it keeps its content on an LRU list and can be claimed back by a later sequence with the
 * same prefix until the space is needed.
 *
 * <p>A full block is identified exactly, not by a hash alone: by the identity of its parent (the block before it in
 * the sequence, or none) and its own token ids. Identities are serial numbers given when a block is registered, so a
 * reused block id never matches a stale child.
 */
public final class BlockPool {

    /** Content key of a full block: its parent's serial (0 for the first block) and its tokens. */
    private record Key(long parentSerial, int[] tokens) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.parentSerial == parentSerial && Arrays.equals(k.tokens, tokens);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(parentSerial) * 31 + Arrays.hashCode(tokens);
        }
    }

    private final int[] refCounts;
    private final long[] serials;
    private final Key[] keys;
    private final ArrayDeque<Integer> free;
    /** Registered blocks no sequence uses, least recently released first. */
    private final LinkedHashSet<Integer> evictable = new LinkedHashSet<>();
    private final Map<Key, Integer> registered = new HashMap<>();
    private long nextSerial = 1;

    BlockPool(int blockCount) {
        refCounts = new int[blockCount];
        serials = new long[blockCount];
        keys = new Key[blockCount];
        free = new ArrayDeque<>(blockCount);
        for (int i = 0; i < blockCount; i++) {
            free.addLast(i);
        }
    }

    /** Blocks that can be allocated now: never used, or cached but unused (evicted on demand). */
    public int freeBlocks() {
        return free.size() + evictable.size();
    }

    public int totalBlocks() {
        return refCounts.length;
    }

    /** Blocks referenced by at least one sequence. */
    public int usedBlocks() {
        return refCounts.length - freeBlocks();
    }

    /** Full blocks whose content is known and can be shared (in use or not). */
    public int cachedBlocks() {
        return registered.size();
    }

    /** A block for new content with reference count 1, or -1 when none is left. Evicts the LRU cached block. */
    public int allocate() {
        Integer b = free.pollFirst();
        if (b == null) {
            var oldest = evictable.iterator();
            if (!oldest.hasNext()) {
                return -1;
            }
            b = oldest.next();
            oldest.remove();
            unregister(b);
        }
        refCounts[b] = 1;
        serials[b] = 0;
        return b;
    }

    /** Adds a reference to a block in use. */
    public void retain(int block) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("block " + block + " is not in use");
        }
        refCounts[block]++;
    }

    /** Drops a reference; the block is free again (or cached-but-unused) when none remain. */
    public void release(int block) {
        if (refCounts[block] <= 0) {
            throw new IllegalStateException("block " + block + " released more often than allocated");
        }
        if (--refCounts[block] == 0) {
            if (keys[block] != null) {
                evictable.add(block);
            } else {
                free.addLast(block);
            }
        }
    }

    /**
     * Records that {@code block} is full and holds {@code tokens} after the block with serial {@code parentSerial}
     * (0 for a sequence's first block). Returns the block's serial, which its successor names as parent. If an
     * identical block is already registered, this one stays private (same content twice helps nobody).
     */
    public long register(int block, long parentSerial, int[] tokens) {
        long serial = nextSerial++;
        serials[block] = serial;
        Key key = new Key(parentSerial, tokens.clone());
        if (!registered.containsKey(key)) {
            registered.put(key, block);
            keys[block] = key;
        }
        return serial;
    }

    /** The serial given to {@code block} when it was registered (0 if it is not a full registered block). */
    public long serial(int block) {
        return serials[block];
    }

    /**
     * Claims a cached block holding {@code tokens} after the block with serial {@code parentSerial}: returns its id
     * with one more reference, or -1 when there is none.
     */
    public int claim(long parentSerial, int[] tokens) {
        Integer block = registered.get(new Key(parentSerial, tokens));
        if (block == null) {
            return -1;
        }
        if (refCounts[block] == 0) {
            evictable.remove(block);
        }
        refCounts[block]++;
        return block;
    }

    private void unregister(int block) {
        Key key = keys[block];
        if (key != null) {
            registered.remove(key);
            keys[block] = null;
        }
    }
}
