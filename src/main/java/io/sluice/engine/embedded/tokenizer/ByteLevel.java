package io.sluice.engine.embedded.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte-to-unicode map: every byte value gets a printable character so that byte-level BPE tokens are
 * ordinary strings. Bytes {@code !..~}, {@code ¡..¬} and {@code ®..ÿ} stand for themselves; the other 68 bytes, in
 * ascending order, take U+0100, U+0101, ... (so a space is {@code Ġ}, a newline {@code Ċ}). Every mapped character
 * is in the Basic Multilingual Plane, so one byte is always one Java {@code char}.
 */
public final class ByteLevel {

    private static final char[] BYTE_TO_CHAR = new char[256];
    /** Indexed by character; -1 where the character stands for no byte. Covers U+0000..U+01FF. */
    private static final short[] CHAR_TO_BYTE = new short[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = (short) b;
        }
    }

    private ByteLevel() {
    }

    /** The character that stands for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte that character {@code c} stands for, or -1 when it stands for none. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** Maps each byte to its character. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /** The UTF-8 bytes of {@code text}, each mapped to its character. */
    public static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }
}
