package io.sluice.pipeline;

import java.util.List;

/**
 * Finds stop strings in streamed text. Text that could still grow into a stop string is held back; everything else
 * is released at once, and no part of a stop string is ever released. Once a stop string matches, the text before
 * it is the last text of the choice. Not thread-safe: one per sequence.
 */
public final class StopStringMatcher {

    private final List<String> stops;
    private final int longest;
    private String held = "";
    private boolean matched;

    /** @param stops non-empty stop strings; an empty list makes this a pass-through */
    public StopStringMatcher(List<String> stops) {
        this.stops = List.copyOf(stops);
        this.longest = this.stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /**
     * Appends {@code text} and returns what is now safe to show. After a match this returns the text before the
     * stop string and {@link #matched()} turns true; later calls return nothing.
     */
    public String push(String text) {
        if (matched) {
            return "";
        }
        if (longest == 0) {
            return text;
        }
        String buffer = held.isEmpty() ? text : held + text;
        int first = firstMatch(buffer);
        if (first >= 0) {
            matched = true;
            held = "";
            return buffer.substring(0, first);
        }
        int keep = longestPartialSuffix(buffer);
        held = buffer.substring(buffer.length() - keep);
        return buffer.substring(0, buffer.length() - keep);
    }

    public boolean matched() {
        return matched;
    }

    /** Ends the stream: the held text can no longer become a stop string, so it is released. */
    public String flush() {
        String rest = held;
        held = "";
        return rest;
    }

    private int firstMatch(String buffer) {
        int first = -1;
        for (String stop : stops) {
            int at = buffer.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** The length of the longest suffix of {@code buffer} that is a proper prefix of some stop string. */
    private int longestPartialSuffix(String buffer) {
        for (int length = Math.min(buffer.length(), longest - 1); length > 0; length--) {
            int from = buffer.length() - length;
            for (String stop : stops) {
                if (stop.length() > length && buffer.regionMatches(from, stop, 0, length)) {
                    return length;
                }
            }
        }
        return 0;
    }
}
