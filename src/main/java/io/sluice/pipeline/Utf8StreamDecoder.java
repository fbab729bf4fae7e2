package io.sluice.pipeline;

/**
 * Turns a stream of byte fragments into text without ever splitting a character: a token may end in the middle of
 * a multi-byte UTF-8 sequence, and those bytes wait here for the next token. Malformed input becomes U+FFFD, one
 * per maximal ill-formed subpart (the Unicode standard's recommended practice), so the stream never stalls on bad
 * bytes. Not thread-safe: one per sequence.
 */
public final class Utf8StreamDecoder {

    private static final char REPLACEMENT = '\uFFFD';

    private int codePoint;
    /** Continuation bytes still expected; 0 when no sequence is open. */
    private int remaining;
    /** The lead byte of the open sequence (it narrows the range of the first continuation byte). */
    private int lead;
    /** Continuation bytes already seen in the open sequence. */
    private int seen;

    /** Decodes {@code bytes}, returning every character they complete. */
    public String decode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            accept(b & 0xFF, out);
        }
        return out.toString();
    }

    /** True while bytes of an incomplete character are held. */
    public boolean pending() {
        return remaining > 0;
    }

    /** Ends the stream: an incomplete character becomes U+FFFD. */
    public String flush() {
        if (remaining == 0) {
            return "";
        }
        remaining = 0;
        return String.valueOf(REPLACEMENT);
    }

    private void accept(int b, StringBuilder out) {
        if (remaining > 0) {
            if (b >= lowerBound() && b <= upperBound()) {
                codePoint = (codePoint << 6) | (b & 0x3F);
                seen++;
                if (--remaining == 0) {
                    out.appendCodePoint(codePoint);
                }
                return;
            }
            // The open sequence is cut short: replace what we have, then read this byte afresh.
            remaining = 0;
            out.append(REPLACEMENT);
        }
        if (b < 0x80) {
            out.append((char) b);
        } else if (b >= 0xC2 && b <= 0xDF) {
            open(b, b & 0x1F, 1);
        } else if (b >= 0xE0 && b <= 0xEF) {
            open(b, b & 0x0F, 2);
        } else if (b >= 0xF0 && b <= 0xF4) {
            open(b, b & 0x07, 3);
        } else {
            out.append(REPLACEMENT); // stray continuation byte, overlong lead (C0, C1) or beyond U+10FFFF
        }
    }

    private void open(int leadByte, int bits, int continuation) {
        lead = leadByte;
        codePoint = bits;
        remaining = continuation;
        seen = 0;
    }

    /** Table 3-7 of the Unicode standard: the first continuation byte rules out overlongs and surrogates. */
    private int lowerBound() {
        if (seen == 0) {
            if (lead == 0xE0) {
                return 0xA0;
            }
            if (lead == 0xF0) {
                return 0x90;
            }
        }
        return 0x80;
    }

    private int upperBound() {
        if (seen == 0) {
            if (lead == 0xED) {
                return 0x9F;
            }
            if (lead == 0xF4) {
                return 0x8F;
            }
        }
        return 0xBF;
    }
}
