package io.sluice.engine.embedded.tokenizer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pre-tokenizer regex, written as llama.cpp writes it and run the way its {@code unicode_regex_split} runs it.
 *
 * <p>llama.cpp's regex engine (C++ {@code std::regex}) knows no Unicode categories, so for a regex that uses
 * {@code \p{L}}, {@code \p{N}}, {@code \p{P}}, {@code \p{M}} or {@code \p{S}} it "collapses" the text to one
 * character per codepoint (ASCII kept, everything else replaced by its category's stand-in) and rewrites each
 * category as a class of its stand-in plus its ASCII members; other regexes run on the codepoints themselves with
 * non-ASCII whitespace replaced by {@code \u000B}. Doing the same here (rather than using Java's own
 * {@code \p{..}}) reproduces llama.cpp's results exactly, quirks included: {@code \p{Lu}} means any letter, and
 * {@code \s} means ASCII whitespace plus the stand-in. Its hand-written splitters for the GPT-2 and Llama 3 regexes
 * behave as the collapsed regex does, so they need no code of their own.
 *
 * <p>Each segment is matched on its own (a region with opaque bounds, as llama.cpp iterates a sub-range), and the
 * text between matches is kept as segments too. Immutable and thread-safe.
 */
final class SplitRegex {

    private static final Map<String, String> CATEGORY_CLASSES = Map.of(
            "\\p{N}", Codepoints.COLLAPSED_NUMBER + "0-9",
            "\\p{L}", Codepoints.COLLAPSED_LETTER + "A-Za-z",
            "\\p{Lu}", Codepoints.COLLAPSED_LETTER + "A-Za-z",
            "\\p{Ll}", Codepoints.COLLAPSED_LETTER + "A-Za-z",
            "\\p{Lt}", Codepoints.COLLAPSED_LETTER + "A-Za-z",
            "\\p{Lm}", Codepoints.COLLAPSED_LETTER + "A-Za-z",
            "\\p{Lo}", Codepoints.COLLAPSED_LETTER + "A-Za-z",
            "\\p{P}", Codepoints.COLLAPSED_PUNCTUATION + "!-#%-*,-/:-;?-@\\[-\\]_\\{\\}",
            "\\p{M}", String.valueOf(Codepoints.COLLAPSED_MARK),
            "\\p{S}", Codepoints.COLLAPSED_SYMBOL + "\\$\\+<->^`\\|");

    private final String source;
    private final boolean collapsed;
    private final Pattern pattern;

    private SplitRegex(String source, boolean collapsed, Pattern pattern) {
        this.source = source;
        this.collapsed = collapsed;
        this.pattern = pattern;
    }

    static SplitRegex of(String llamaCppRegex) {
        boolean usesCategories = CATEGORY_CLASSES.keySet().stream().anyMatch(llamaCppRegex::contains);
        String javaRegex = usesCategories ? collapseCategories(llamaCppRegex) : llamaCppRegex;
        return new SplitRegex(llamaCppRegex, usesCategories, Pattern.compile(endAnchorsToJava(javaRegex)));
    }

    String source() {
        return source;
    }

    /**
     * Splits every segment of {@code text} (given as consecutive lengths in codepoints) into matches and the gaps
     * between them, appending the new lengths to {@code out}.
     */
    void split(SplitText text, IntList segments, IntList out) {
        String subject = collapsed ? text.collapsed() : text.wide();
        Matcher m = pattern.matcher(subject);
        int start = 0;
        for (int s = 0; s < segments.size(); s++) {
            int end = start + segments.get(s);
            int from = collapsed ? start : text.wideCharIndex(start);
            int to = collapsed ? end : text.wideCharIndex(end);
            m.region(from, to);
            int previous = start;
            while (m.find()) {
                int ms = collapsed ? m.start() : text.wideCodepointIndex(m.start());
                int me = collapsed ? m.end() : text.wideCodepointIndex(m.end());
                if (me == ms) {
                    continue; // an empty match adds an empty word, which encodes to nothing
                }
                if (ms > previous) {
                    out.add(ms - previous);
                }
                out.add(me - ms);
                previous = me;
            }
            if (previous < end) {
                out.add(end - previous);
            }
            start = end;
        }
    }

    /** llama.cpp's rewrite of category escapes: a bracketed class outside brackets, bare members inside. */
    private static String collapseCategories(String regex) {
        StringBuilder out = new StringBuilder(regex.length() * 2);
        boolean inside = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '[' && (i == 0 || regex.charAt(i - 1) != '\\')) {
                out.append('[');
                inside = true;
                continue;
            }
            if (inside && c == ']' && regex.charAt(i - 1) != '\\') {
                out.append(']');
                inside = false;
                continue;
            }
            if (c == '\\' && i + 3 < regex.length() && regex.charAt(i + 1) == 'p' && regex.charAt(i + 2) == '{') {
                int close = regex.indexOf('}', i + 3);
                if (close >= 0 && close <= i + 10) {
                    String members = CATEGORY_CLASSES.get(regex.substring(i, close + 1));
                    if (members != null) {
                        out.append(inside ? members : "[" + members + "]");
                        i = close;
                        continue;
                    }
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * In ECMAScript {@code $} matches only at the end of the input; in Java it also matches before a final line
     * terminator. {@code \z} (which honours the region, like {@code $} with anchoring bounds) is the ECMAScript
     * meaning.
     */
    private static String endAnchorsToJava(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 4);
        boolean inside = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
                continue;
            }
            if (c == '[') {
                inside = true;
            } else if (c == ']') {
                inside = false;
            }
            out.append(!inside && c == '$' ? "\\z" : String.valueOf(c));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
