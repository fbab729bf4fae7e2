package io.sluice.engine.embedded.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2's {@code lstrip_blocks}, applied to the template text before Jinjava parses it (with its own option off).
 *
 * <p>Jinja2 removes the spaces and tabs before a {@code {% ... %}} or {@code {# ... #}} only when nothing else
 * precedes the tag on its line. Jinjava removes them before every tag, so {@code {{ x }} {% if y %}} would lose its
 * space and {@code <b>{% if %}} style text would render differently from what the model was trained on. Removing
 * only line-leading whitespace changes no line numbers, so error positions still point at the original text.
 *
 * <p>The scan follows Jinja2's lexer far enough to find tags: expressions, tags and comments are skipped as units
 * (string literals inside them may contain {@code %}}), {@code {% raw %}} bodies are copied untouched (the newline
 * after {@code {% raw %}}, which Jinja2 keeps and Jinjava trims, is doubled; lines after it shift by one), and
 * {@code {%+} (Jinja2's "keep my whitespace") becomes a plain {@code {%} with the whitespace kept.
 */
final class LstripBlocks {

    private static final Pattern END_RAW = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}");
    private static final Pattern RAW_TAG = Pattern.compile("\\{%[-+]?\\s*raw\\s*[-+]?%}");

    private LstripBlocks() {
    }

    static String apply(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            if (source.startsWith("{{", i)) {
                int end = endOf(source, i + 2, "}}", true);
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("{%", i) || source.startsWith("{#", i)) {
                boolean comment = source.charAt(i + 1) == '#';
                boolean keepWhitespace = i + 2 < n && source.charAt(i + 2) == '+';
                if (!keepWhitespace) {
                    stripLineLeadingWhitespace(out);
                }
                int end = endOf(source, i + 2, comment ? "#}" : "%}", !comment);
                String tag = source.substring(i, end);
                out.append(keepWhitespace ? tag.charAt(0) + tag.substring(1, 2) + tag.substring(3) : tag);
                i = end;
                if (!comment && RAW_TAG.matcher(tag).matches()) {
                    if (i < n && source.charAt(i) == '\n' && !tag.endsWith("-%}")) {
                        // Jinja2 keeps the newline after {% raw %}; Jinjava's trim_blocks would eat it.
                        out.append('\n');
                    }
                    Matcher endRaw = END_RAW.matcher(source);
                    int bodyEnd = endRaw.find(i) ? endRaw.start() : n;
                    out.append(source, i, bodyEnd);
                    i = bodyEnd;
                }
            } else {
                out.append(source.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /** Drops trailing whitespace from {@code out} when it reaches back to a line start (or the very start). */
    private static void stripLineLeadingWhitespace(StringBuilder out) {
        int k = out.length();
        while (k > 0 && out.charAt(k - 1) != '\n' && Character.isWhitespace(out.charAt(k - 1))) {
            k--;
        }
        if (k == 0 || out.charAt(k - 1) == '\n') {
            out.setLength(k);
        }
    }

    /** The index just past {@code close}, skipping quoted strings when {@code quotes}; the end of text if unclosed. */
    private static int endOf(String s, int from, String close, boolean quotes) {
        char quote = 0;
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (quote != 0) {
                if (c == '\\') {
                    j++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (quotes && (c == '\'' || c == '"')) {
                quote = c;
            } else if (s.startsWith(close, j)) {
                return j + close.length();
            }
        }
        return s.length();
    }
}
