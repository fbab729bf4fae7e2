package io.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopStringMatcherTest {

    @Test
    void aStopStringSpanningPiecesIsNeverShown() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("END"));
        assertEquals("abc", matcher.push("abcE"));
        assertEquals("", matcher.push("N"));
        assertEquals("", matcher.push("Dxyz"));
        assertTrue(matcher.matched());
        assertEquals("", matcher.push("more"));
        assertEquals("", matcher.flush());
    }

    @Test
    void heldTextIsReleasedAsSoonAsItCannotBecomeAStopString() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("END"));
        assertEquals("", matcher.push("E"));
        assertEquals("", matcher.push("N"));
        assertEquals("ENx", matcher.push("x"));
        assertFalse(matcher.matched());
    }

    @Test
    void onlyTheLongestSuffixThatCouldStillMatchIsHeld() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("abcd", "xy"));
        assertEquals("aab", matcher.push("aababc")); // "abc" could become "abcd"
        assertEquals("abc", matcher.push("x"));       // now only "x" could become "xy"
        assertEquals("x", matcher.flush());
    }

    @Test
    void theEarliestOfSeveralStopStringsWins() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("world", "lo"));
        assertEquals("hel", matcher.push("hello world"));
        assertTrue(matcher.matched());
    }

    @Test
    void overlappingRepeatsStillMatch() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("aab"));
        assertEquals("", matcher.push("a"));
        assertEquals("", matcher.push("a"));
        assertEquals("a", matcher.push("a"));
        assertEquals("", matcher.push("b"));
        assertTrue(matcher.matched());
    }

    @Test
    void endOfStreamFlushesWhatWasHeld() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("</answer>"));
        assertEquals("42", matcher.push("42</ans"));
        assertEquals("</ans", matcher.flush());
    }

    @Test
    void noStopStringsIsAPassThrough() {
        StopStringMatcher matcher = new StopStringMatcher(List.of());
        assertEquals("anything", matcher.push("anything"));
        assertEquals("", matcher.flush());
    }
}
