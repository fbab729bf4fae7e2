package io.sluice.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8StreamDecoderTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void holdsBackEveryPrefixOfAMultiByteCharacterUntilItIsWhole() {
        String text = "aö€😀z";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (byte b : utf8) {
            String piece = decoder.decode(new byte[]{b});
            // a piece is never half a character: it re-encodes to exactly what it decoded from
            assertEquals(piece, new String(piece.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            assertTrue(piece.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF), "no lone surrogate");
            out.append(piece);
        }
        assertEquals(text, out.toString());
        assertFalse(decoder.pending());
        assertEquals("", decoder.flush());
    }

    @Test
    void splitsAtEveryPositionGiveTheSameText() {
        String text = "Grüße, 世界 🎉!";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= utf8.length; cut++) {
            Utf8StreamDecoder decoder = new Utf8StreamDecoder();
            String joined = decoder.decode(java.util.Arrays.copyOfRange(utf8, 0, cut))
                    + decoder.decode(java.util.Arrays.copyOfRange(utf8, cut, utf8.length)) + decoder.flush();
            assertEquals(text, joined, "cut at " + cut);
        }
    }

    @Test
    void anIncompleteCharacterAtTheEndBecomesOneReplacementCharacter() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        assertEquals("a", decoder.decode(bytes('a', 0xF0, 0x9F, 0x98)));
        assertTrue(decoder.pending());
        assertEquals("\uFFFD", decoder.flush());
        assertFalse(decoder.pending());
    }

    @Test
    void malformedBytesBecomeOneReplacementPerMaximalIllFormedSubpart() {
        Object[][] cases = {
                {bytes(0x80), "\uFFFD"},                                   // stray continuation
                {bytes(0xC0, 0xAF), "\uFFFD\uFFFD"},                       // overlong
                {bytes(0xE0, 0x80, 0x80), "\uFFFD\uFFFD\uFFFD"},           // overlong three-byte
                {bytes(0xED, 0xA0, 0x80), "\uFFFD\uFFFD\uFFFD"},           // a surrogate (Java's String says one)
                {bytes(0xF4, 0x90, 0x80, 0x80), "\uFFFD\uFFFD\uFFFD\uFFFD"}, // beyond U+10FFFF
                {bytes(0xE2, 0x82, 'x'), "\uFFFDx"},                        // cut short by ASCII
                {bytes(0xFF, 'a', 0xC3), "\uFFFDa\uFFFD"},                  // invalid lead, then an unfinished one
        };
        for (Object[] c : cases) {
            Utf8StreamDecoder decoder = new Utf8StreamDecoder();
            StringBuilder out = new StringBuilder();
            for (byte b : (byte[]) c[0]) {
                out.append(decoder.decode(new byte[]{b}));
            }
            out.append(decoder.flush());
            assertEquals(c[1], out.toString());
        }
    }
}
