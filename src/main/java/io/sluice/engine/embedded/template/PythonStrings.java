package io.sluice.engine.embedded.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The methods of Python's {@code str} that chat templates call ({@code content.split('</think>')[-1].lstrip('\n')},
 * {@code message['role'].title()}, {@code content.startswith('<tool_response>')}), with Python's semantics.
 *
 * <p>Jinjava would otherwise run the Java method of the same name where one exists, and those differ: Java's
 * {@code split} takes a regex and drops trailing empty strings, so {@code 'a</think>'.split('</think>')[-1]} would
 * give {@code "a"} instead of {@code ""}; {@code strip} takes no characters argument; {@code startswith},
 * {@code lstrip}, {@code upper} and the rest do not exist at all.
 */
final class PythonStrings {

    private PythonStrings() {
    }

    /** Calls the Python method {@code name} on {@code s}; empty when {@code str} has no such method here. */
    static Optional<Object> call(String s, String name, Object[] args) {
        Object result = switch (name) {
            case "strip" -> strip(s, chars(name, args), true, true);
            case "lstrip" -> strip(s, chars(name, args), true, false);
            case "rstrip" -> strip(s, chars(name, args), false, true);
            case "split" -> split(s, optionalString(name, args, 0), maxSplit(name, args));
            case "rsplit" -> rsplit(s, optionalString(name, args, 0), maxSplit(name, args));
            case "startswith" -> affix(s, name, args, true);
            case "endswith" -> affix(s, name, args, false);
            case "replace" -> replace(s, requiredString(name, args, 0), requiredString(name, args, 1),
                    args.length > 2 ? integer(name, args[2]) : -1);
            case "upper" -> noArgs(name, args, s.toUpperCase(Locale.ROOT));
            case "lower" -> noArgs(name, args, s.toLowerCase(Locale.ROOT));
            case "title" -> noArgs(name, args, title(s));
            case "capitalize" -> noArgs(name, args, capitalize(s));
            case "find" -> s.indexOf(requiredString(name, args, 0));
            case "rfind" -> s.lastIndexOf(requiredString(name, args, 0));
            case "count" -> count(s, requiredString(name, args, 0));
            case "join" -> join(s, name, args);
            case "isspace" -> noArgs(name, args, !s.isEmpty() && s.codePoints().allMatch(PythonStrings::isSpace));
            case "isdigit" -> noArgs(name, args, !s.isEmpty() && s.codePoints().allMatch(Character::isDigit));
            case "isalpha" -> noArgs(name, args, !s.isEmpty() && s.codePoints().allMatch(Character::isLetter));
            case "isupper" -> noArgs(name, args, isCased(s, true));
            case "islower" -> noArgs(name, args, isCased(s, false));
            default -> null;
        };
        return Optional.ofNullable(result);
    }

    /**
     * Python's {@code str(value)} for what a template prints or joins with {@code ~}: {@code True}, {@code False},
     * floats as Python writes them. Null prints as nothing: Jinjava cannot tell {@code none} from undefined, and
     * undefined (which prints as nothing) is by far the common case in templates.
     */
    static String str(Object value) {
        return switch (value) {
            case null -> "";
            case String s -> s;
            case Boolean b -> b ? "True" : "False";
            case Double d -> PythonJson.floatRepr(d);
            case Float f -> PythonJson.floatRepr(f.doubleValue());
            default -> com.hubspot.jinjava.objects.serialization.PyishObjectMapper.getAsUnquotedPyishString(value);
        };
    }

    /** Python's {@code str.isspace} for one code point: Unicode whitespace, including no-break spaces. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && stripped(s.codePointAt(start), chars)) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (right && end > start && stripped(s.codePointBefore(end), chars)) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? isSpace(cp) : chars.indexOf(cp) >= 0;
    }

    /** {@code str.split(sep, maxsplit)}: with no separator, runs of whitespace split and empty parts are dropped. */
    static List<String> split(String s, String sep, int maxSplit) {
        List<String> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    return parts;
                }
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    // Python keeps the remainder as it is, trailing whitespace included.
                    parts.add(s.substring(i));
                    return parts;
                }
                int j = i;
                while (j < n && !isSpace(s.charAt(j))) {
                    j++;
                }
                parts.add(s.substring(i, j));
                i = j;
            }
        }
        if (sep.isEmpty()) {
            throw new TemplateTypeError("str.split: empty separator");
        }
        int from = 0;
        int at;
        while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    static List<String> rsplit(String s, String sep, int maxSplit) {
        if (sep == null || maxSplit < 0) {
            if (sep == null && maxSplit >= 0) {
                // Whitespace rsplit with a limit: split from the right on the reversed string.
                List<String> reversed = split(new StringBuilder(s).reverse().toString(), null, maxSplit);
                List<String> parts = new ArrayList<>();
                for (int i = reversed.size() - 1; i >= 0; i--) {
                    parts.add(new StringBuilder(reversed.get(i)).reverse().toString());
                }
                return parts;
            }
            return split(s, sep, -1);
        }
        if (sep.isEmpty()) {
            throw new TemplateTypeError("str.rsplit: empty separator");
        }
        List<String> parts = new ArrayList<>();
        int end = s.length();
        int at;
        while (parts.size() < maxSplit && (at = s.lastIndexOf(sep, end - sep.length())) >= 0) {
            parts.addFirst(s.substring(at + sep.length(), end));
            end = at;
        }
        parts.addFirst(s.substring(0, end));
        return parts;
    }

    static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int done = 0; done < count; done++) {
            int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at < s.length()) {
                    out.append(s.charAt(at));
                }
                from = at + 1;
            } else {
                from = at + old.length();
            }
        }
        if (from <= s.length()) {
            out.append(s, from, s.length());
        }
        return out.toString();
    }

    /** {@code str.title}: a cased letter after an uncased character starts a word and is upper-cased. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean cased = Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
            out.appendCodePoint(previousCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
            previousCased = cased;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT)).toString();
    }

    private static boolean isCased(String s, boolean upper) {
        boolean anyCased = false;
        for (int cp : s.codePoints().toArray()) {
            if (Character.isUpperCase(cp) || Character.isLowerCase(cp)) {
                anyCased = true;
                if (upper ? Character.isLowerCase(cp) : Character.isUpperCase(cp)) {
                    return false;
                }
            }
        }
        return anyCased;
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1;
        }
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, String name, Object[] args) {
        if (args.length != 1 || !(args[0] instanceof Collection<?> items)) {
            throw new TemplateTypeError("str." + name + " expects one list argument");
        }
        List<String> parts = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof CharSequence)) {
                throw new TemplateTypeError("str.join: expected str items, found " + TemplateTypeError.typeName(item));
            }
            parts.add(item.toString());
        }
        return String.join(sep, parts);
    }

    private static Boolean affix(String s, String name, Object[] args, boolean prefix) {
        if (args.length < 1 || args.length > 3) {
            throw new TemplateTypeError("str." + name + " takes 1 to 3 arguments, got " + args.length);
        }
        int length = s.length();
        int start = args.length > 1 && args[1] != null ? clampIndex(integer(name, args[1]), length) : 0;
        int end = args.length > 2 && args[2] != null ? clampIndex(integer(name, args[2]), length) : length;
        String window = start <= end ? s.substring(start, end) : "";
        if (start > end) {
            return false;
        }
        List<String> candidates = new ArrayList<>();
        if (args[0] instanceof CharSequence one) {
            candidates.add(one.toString());
        } else if (args[0] instanceof Collection<?> several) {
            for (Object candidate : several) {
                if (!(candidate instanceof CharSequence)) {
                    throw new TemplateTypeError("str." + name + ": tuple items must be str");
                }
                candidates.add(candidate.toString());
            }
        } else {
            throw new TemplateTypeError(
                    "str." + name + " expects a str or a tuple of str, not " + TemplateTypeError.typeName(args[0]));
        }
        return candidates.stream().anyMatch(c -> prefix ? window.startsWith(c) : window.endsWith(c));
    }

    private static int clampIndex(int index, int length) {
        int i = index < 0 ? index + length : index;
        return Math.max(0, Math.min(length, i));
    }

    private static Object noArgs(String name, Object[] args, Object result) {
        if (args.length != 0) {
            throw new TemplateTypeError("str." + name + "() takes no arguments");
        }
        return result;
    }

    private static String chars(String name, Object[] args) {
        if (args.length > 1) {
            throw new TemplateTypeError("str." + name + " takes at most 1 argument");
        }
        return optionalString(name, args, 0);
    }

    private static int maxSplit(String name, Object[] args) {
        if (args.length > 2) {
            throw new TemplateTypeError("str." + name + " takes at most 2 arguments");
        }
        return args.length == 2 ? integer(name, args[1]) : -1;
    }

    private static String optionalString(String name, Object[] args, int index) {
        if (args.length <= index || args[index] == null) {
            return null;
        }
        return requiredString(name, args, index);
    }

    private static String requiredString(String name, Object[] args, int index) {
        if (args.length <= index || !(args[index] instanceof CharSequence text)) {
            throw new TemplateTypeError("str." + name + ": argument " + (index + 1) + " must be a str, not "
                    + TemplateTypeError.typeName(args.length <= index ? null : args[index]));
        }
        return text.toString();
    }

    private static int integer(String name, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return Math.toIntExact(((Number) value).longValue());
        }
        throw new TemplateTypeError("str." + name + ": expected an int, not " + TemplateTypeError.typeName(value));
    }
}
