package io.sluice.engine.embedded.tokenizer;

import io.sluice.engine.embedded.gguf.GgufFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What each token decodes to, computed once at load as llama.cpp's {@code token_to_piece} cache is (with
 * {@code special = true}): the text of CONTROL, USER_DEFINED and UNKNOWN tokens, the byte of BYTE tokens
 * ({@code <0xXX>}), the bytes behind a NORMAL token's text, and nothing for UNUSED and UNDEFINED tokens.
 */
final class TokenBytes {

    private static final byte[] NONE = new byte[0];

    private TokenBytes() {
    }

    static byte[][] of(Vocabulary v) {
        byte[][] out = new byte[v.size()][];
        for (int id = 0; id < out.length; id++) {
            String text = v.token(id);
            out[id] = switch (v.type(id)) {
                case CONTROL, USER_DEFINED, UNKNOWN -> utf8(text);
                case BYTE -> new byte[] {(byte) byteTokenValue(v, id)};
                case NORMAL -> v.kind() == TokenizerKind.GPT2 ? byteLevel(text) : utf8(text.replace('\u2581', ' '));
                case UNUSED, UNDEFINED -> NONE;
            };
        }
        return out;
    }

    /** The value of a {@code <0xXX>} token. */
    static int byteTokenValue(Vocabulary v, int id) {
        String text = v.token(id);
        if (text.length() != 6 || !text.startsWith("<0x") || text.charAt(5) != '>'
                || Character.digit(text.charAt(3), 16) < 0 || Character.digit(text.charAt(4), 16) < 0) {
            throw new GgufFormatException(v.source() + ": token " + id + " ('" + text
                    + "') is typed BYTE but is not of the form <0xXX>");
        }
        return Integer.parseInt(text.substring(3, 5), 16);
    }

    /**
     * Maps each character back to its byte. A character outside GPT-2's byte map (a malformed vocabulary) decodes
     * to llama.cpp's {@code [UNK_BYTE_0x..]} marker so the output still matches llama.cpp's.
     */
    private static byte[] byteLevel(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int b = cp <= Character.MAX_VALUE ? ByteLevel.byteOf((char) cp) : -1;
            if (b >= 0) {
                out.write(b);
            } else {
                StringBuilder marker = new StringBuilder("[UNK_BYTE_0x");
                for (byte x : utf8(Character.toString(cp))) {
                    marker.append(String.format("%02x", x & 0xFF));
                }
                out.writeBytes(utf8(marker.append(text).append(']').toString()));
            }
            i += Character.charCount(cp);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
