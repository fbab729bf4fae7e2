package io.sluice.engine.embedded.tokenizer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntBinaryOperator;

/**
 * Learns BPE merges: over words given as symbol ids with their counts, repeatedly merges the most frequent
 * adjacent pair everywhere it occurs (left to right, not overlapping). Ties go to the smaller left id, then the
 * smaller right id, so the result depends only on the input. Pair counts are kept up to date incrementally: a
 * merge revisits only the words holding the pair, and a heap with lazy deletion finds the next best pair.
 */
final class MergeLearner {

    /** Symbol id of a character that no token covers: never part of a pair. */
    static final int BARRIER = -1;

    record Merge(int left, int right, int result) {
    }

    private record Candidate(long count, int left, int right) {
    }

    /** The words a pair was seen in (may hold words it has since left) and its current total count. */
    private static final class PairStat {
        long count;
        int[] words = new int[4];
        int wordCount;

        void addWord(int w) {
            if (wordCount > 0 && words[wordCount - 1] == w) {
                return;
            }
            if (wordCount == words.length) {
                words = Arrays.copyOf(words, wordCount * 2);
            }
            words[wordCount++] = w;
        }
    }

    private MergeLearner() {
    }

    /**
     * @param words      symbol ids per word; rewritten in place as merges apply
     * @param counts     how often each word occurs
     * @param maxMerges  stop after this many merges
     * @param minCount   stop when the best pair occurs fewer times than this
     * @param mergedId   the symbol id for the concatenation of two symbols (a new id, or an existing one when the
     *                   text is already known)
     */
    static List<Merge> learn(int[][] words, long[] counts, int maxMerges, long minCount, IntBinaryOperator mergedId) {
        Map<Long, PairStat> stats = new HashMap<>();
        PriorityQueue<Candidate> heap = new PriorityQueue<>((a, b) -> a.count != b.count
                ? Long.compare(b.count, a.count)
                : a.left != b.left ? Integer.compare(a.left, b.left) : Integer.compare(a.right, b.right));
        for (int w = 0; w < words.length; w++) {
            int[] s = words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                if (s[i] != BARRIER && s[i + 1] != BARRIER) {
                    PairStat stat = stats.computeIfAbsent(key(s[i], s[i + 1]), k -> new PairStat());
                    stat.count += counts[w];
                    stat.addWord(w);
                }
            }
        }
        stats.forEach((k, stat) -> heap.add(new Candidate(stat.count, (int) (k >> 32), (int) (long) k)));

        List<Merge> merges = new ArrayList<>();
        int[] seen = new int[words.length];
        Map<Long, Long> delta = new HashMap<>();
        while (merges.size() < maxMerges && !heap.isEmpty()) {
            Candidate top = heap.poll();
            long pair = key(top.left, top.right);
            PairStat stat = stats.get(pair);
            if (stat == null || stat.count != top.count) {
                if (stat != null && stat.count > 0 && stat.count < top.count) {
                    heap.add(new Candidate(stat.count, top.left, top.right)); // its count fell since it was queued
                }
                continue;
            }
            if (top.count < minCount) {
                break;
            }
            int result = mergedId.applyAsInt(top.left, top.right);
            merges.add(new Merge(top.left, top.right, result));
            int stamp = merges.size();
            delta.clear();
            int holders = stat.wordCount;
            int[] holderWords = stat.words;
            for (int h = 0; h < holders; h++) {
                int w = holderWords[h];
                if (seen[w] == stamp) {
                    continue;
                }
                seen[w] = stamp;
                int[] merged = mergeWord(words[w], top.left, top.right, result);
                if (merged == null) {
                    continue; // the word no longer holds the pair
                }
                countPairs(words[w], -counts[w], w, stats, delta);
                words[w] = merged;
                countPairs(merged, counts[w], w, stats, delta);
            }
            delta.forEach((k, d) -> {
                if (d > 0) {
                    heap.add(new Candidate(stats.get(k).count, (int) (k >> 32), (int) (long) k));
                }
            });
            stats.remove(pair);
        }
        return merges;
    }

    private static int[] mergeWord(int[] s, int left, int right, int result) {
        int[] out = null;
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == left && s[i + 1] == right) {
                if (out == null) {
                    out = new int[s.length - 1];
                    System.arraycopy(s, 0, out, 0, i);
                    n = i;
                }
                out[n++] = result;
                i++;
            } else if (out != null) {
                out[n++] = s[i];
            }
        }
        return out == null ? null : Arrays.copyOf(out, n);
    }

    private static void countPairs(int[] s, long count, int w, Map<Long, PairStat> stats, Map<Long, Long> delta) {
        for (int i = 0; i + 1 < s.length; i++) {
            if (s[i] == BARRIER || s[i + 1] == BARRIER) {
                continue;
            }
            long k = key(s[i], s[i + 1]);
            PairStat stat = stats.computeIfAbsent(k, x -> new PairStat());
            stat.count += count;
            if (count > 0) {
                stat.addWord(w);
            }
            delta.merge(k, count, Long::sum);
        }
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }
}
