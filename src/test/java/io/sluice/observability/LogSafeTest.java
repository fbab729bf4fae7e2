package io.sluice.observability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client text is escaped before it reaches a log line, so it cannot start a forged one. */
class LogSafeTest {

    @Test
    void lineBreaksAndControlCharactersAreEscaped() {
        assertEquals("a\\nINFO forged\\r\\tb\\u0000c\\u2028d\\\\n", LogSafe.text("a\nINFO forged\r\tb\0c\u2028d\\n"));
        assertEquals("null", LogSafe.text(null));
        assertEquals("plain text, ünïcödé 😀", LogSafe.text("plain text, ünïcödé 😀"));
    }

    @Test
    void longTextIsCut() {
        String cut = LogSafe.text("x".repeat(10_000));
        assertTrue(cut.length() < 300, cut.length() + "");
        assertTrue(cut.endsWith("…"));
    }

    @Test
    void aScrubbedExceptionKeepsItsClassAndFramesButNotTheRawMessage() {
        IllegalStateException cause = new IllegalStateException("inner\nFORGED");
        RuntimeException failure = new RuntimeException("outer\r\nFORGED", cause);
        Throwable scrubbed = LogSafe.scrub(failure);
        assertEquals("java.lang.RuntimeException: outer\\r\\nFORGED", scrubbed.toString());
        assertArrayEquals(failure.getStackTrace(), scrubbed.getStackTrace());
        assertEquals("java.lang.IllegalStateException: inner\\nFORGED", scrubbed.getCause().toString());
        assertFalse(scrubbed.toString().contains("\n"));
    }
}
