package io.sluice.engine.embedded.tokenizer;

import java.util.Arrays;

/** A growable list of ints, so token ids and offsets are not boxed. Not thread-safe: one owner at a time. */
final class IntList {

    private int[] items;
    private int size;

    IntList() {
        this(16);
    }

    IntList(int capacity) {
        items = new int[Math.max(4, capacity)];
    }

    void add(int value) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = value;
    }

    void addAll(int[] values) {
        if (size + values.length > items.length) {
            items = Arrays.copyOf(items, Math.max(size * 2, size + values.length));
        }
        System.arraycopy(values, 0, items, size, values.length);
        size += values.length;
    }

    int get(int index) {
        return items[index];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    int[] toArray() {
        return Arrays.copyOf(items, size);
    }
}
