package io.sluice.engine.embedded.tokenizer;

/**
 * The codepoint classes llama.cpp's pre-tokenizer works with: its whitespace set, and one general category per
 * codepoint ({@code \p{L}}, {@code \p{N}}, {@code \p{P}}, {@code \p{M}}, {@code \p{S}}, anything else). Categories
 * come from the JDK's Unicode tables; llama.cpp generates its own from Unicode data, so codepoints assigned in a
 * newer Unicode version than its table may be classed differently (none of the common scripts or emoji are).
 */
final class Codepoints {

    /** Category stand-ins of llama.cpp's "collapsed" text (see {@link SplitRegex}). */
    static final char COLLAPSED_OTHER = '\u00D0';
    static final char COLLAPSED_NUMBER = '\u00D1';
    static final char COLLAPSED_LETTER = '\u00D2';
    static final char COLLAPSED_PUNCTUATION = '\u00D3';
    static final char COLLAPSED_MARK = '\u00D4';
    static final char COLLAPSED_SYMBOL = '\u00D5';
    /** Non-ASCII whitespace becomes a vertical tab, which the regex engine's ASCII {@code \s} matches. */
    static final char COLLAPSED_WHITESPACE = '\u000B';

    private Codepoints() {
    }

    /** llama.cpp's whitespace set: Unicode's White_Space property. */
    static boolean isWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /**
     * The single character llama.cpp replaces a codepoint with before running a regex that uses Unicode categories:
     * ASCII stays as it is, non-ASCII whitespace becomes {@code \u000B}, other codepoints their category's stand-in.
     */
    static char collapse(int cp) {
        if (cp < 128) {
            return (char) cp;
        }
        if (isWhitespace(cp)) {
            return COLLAPSED_WHITESPACE;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> COLLAPSED_LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> COLLAPSED_NUMBER;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK ->
                    COLLAPSED_MARK;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> COLLAPSED_PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> COLLAPSED_SYMBOL;
            default -> COLLAPSED_OTHER;
        };
    }
}
