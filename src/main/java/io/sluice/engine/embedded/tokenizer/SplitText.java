package io.sluice.engine.embedded.tokenizer;

/**
 * One piece of input seen as codepoints, with the two forms llama.cpp matches its regexes against, built on first
 * use: the collapsed form (one character per codepoint, see {@link Codepoints#collapse}) and the wide form (the
 * codepoints themselves, non-ASCII whitespace replaced by {@code \u000B}). Positions are codepoint indices.
 */
final class SplitText {

    private final String text;
    private final int[] codepoints;
    private String collapsed;
    private String wide;
    /** For the wide form: char index of each codepoint index (one extra entry for the end). */
    private int[] charIndex;

    SplitText(String text) {
        this.text = text;
        this.codepoints = text.codePoints().toArray();
    }

    int length() {
        return codepoints.length;
    }

    /** Cuts the original text into consecutive pieces of the given lengths in codepoints. */
    java.util.List<String> cut(IntList lengths) {
        java.util.List<String> pieces = new java.util.ArrayList<>(lengths.size());
        int charStart = 0;
        for (int i = 0; i < lengths.size(); i++) {
            int charEnd = text.offsetByCodePoints(charStart, lengths.get(i));
            pieces.add(text.substring(charStart, charEnd));
            charStart = charEnd;
        }
        return pieces;
    }

    String collapsed() {
        if (collapsed == null) {
            char[] c = new char[codepoints.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = Codepoints.collapse(codepoints[i]);
            }
            collapsed = new String(c);
        }
        return collapsed;
    }

    String wide() {
        if (wide == null) {
            StringBuilder sb = new StringBuilder(text.length());
            charIndex = new int[codepoints.length + 1];
            for (int i = 0; i < codepoints.length; i++) {
                charIndex[i] = sb.length();
                int cp = codepoints[i];
                sb.appendCodePoint(cp > 0x7F && Codepoints.isWhitespace(cp) ? Codepoints.COLLAPSED_WHITESPACE : cp);
            }
            charIndex[codepoints.length] = sb.length();
            wide = sb.toString();
        }
        return wide;
    }

    /** Char index in {@link #wide()} of codepoint index {@code cp}. */
    int wideCharIndex(int cp) {
        wide();
        return charIndex[cp];
    }

    /** Codepoint index of a char index of {@link #wide()} that starts a codepoint. */
    int wideCodepointIndex(int charIdx) {
        wide();
        int i = java.util.Arrays.binarySearch(charIndex, charIdx);
        if (i < 0) {
            throw new IllegalStateException("char index " + charIdx + " splits a surrogate pair");
        }
        return i;
    }
}
