package io.sluice.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code key=value} options and bare words, e.g. {@code single types=Q8_0 rounds=5}. */
final class Args {

    private final Map<String, String> options = new HashMap<>();
    private final Set<String> words = new HashSet<>();

    Args(String[] args) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                options.put(a.substring(0, eq), a.substring(eq + 1));
            } else {
                words.add(a);
            }
        }
    }

    boolean has(String word) {
        return words.contains(word);
    }

    boolean noWords() {
        return words.isEmpty();
    }

    String get(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    int getInt(String key, int fallback) {
        return Integer.parseInt(get(key, Integer.toString(fallback)));
    }

    int[] getInts(String key, String fallback) {
        return Arrays.stream(get(key, fallback).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    String[] getList(String key, String fallback) {
        return get(key, fallback).split(",");
    }
}
