package io.sluice.engine.embedded.template;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps}, which Hugging Face's {@code tojson} filter calls with {@code ensure_ascii=False}.
 *
 * <p>Jinjava's own {@code tojson} is Jackson's compact form ({@code {"a":1}}); Python writes {@code {"a": 1}},
 * and with an indent it writes {@code ","} at line ends. Tool schemas reach the model through this filter, so the
 * bytes must match what the model was trained on.
 */
final class PythonJson {

    /** How to lay out the text: {@code indent} null means one line; separators default the way Python's do. */
    record Style(String indent, String itemSeparator, String keySeparator, boolean sortKeys, boolean ensureAscii) {

        static Style of(String indent, List<String> separators, boolean sortKeys, boolean ensureAscii) {
            String item = separators != null ? separators.get(0) : indent != null ? "," : ", ";
            String key = separators != null ? separators.get(1) : ": ";
            return new Style(indent, item, key, sortKeys, ensureAscii);
        }
    }

    private PythonJson() {
    }

    static String dumps(Object value, Style style) {
        StringBuilder out = new StringBuilder();
        write(out, value, style, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, Style style, int depth) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Short s -> out.append(s);
            case Byte b -> out.append(b);
            case BigInteger b -> out.append(b);
            case Double d -> out.append(floatRepr(d));
            case Float f -> out.append(floatRepr(f.doubleValue()));
            case BigDecimal d -> out.append(floatRepr(d.doubleValue()));
            case CharSequence s -> writeString(out, s.toString(), style.ensureAscii());
            case Map<?, ?> map -> writeObject(out, map, style, depth);
            case Map.Entry<?, ?> entry -> writeArray(out, List.of(entry.getKey(), entry.getValue()), style, depth);
            case Iterable<?> items -> {
                List<Object> list = new ArrayList<>();
                items.forEach(list::add);
                writeArray(out, list, style, depth);
            }
            default -> {
                if (value.getClass().isArray()) {
                    List<Object> list = new ArrayList<>();
                    for (int i = 0; i < Array.getLength(value); i++) {
                        list.add(Array.get(value, i));
                    }
                    writeArray(out, list, style, depth);
                } else if (value.getClass().getName().equals("com.hubspot.jinjava.objects.SafeString")) {
                    writeString(out, value.toString(), style.ensureAscii());
                } else {
                    throw new TemplateTypeError(
                            "Object of type " + value.getClass().getSimpleName() + " is not JSON serializable");
                }
            }
        }
    }

    private static void writeObject(StringBuilder out, Map<?, ?> map, Style style, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.add(Map.entry(key(e.getKey()), e.getValue() == null ? NULL : e.getValue()));
        }
        if (style.sortKeys()) {
            entries.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.append(style.itemSeparator());
            }
            newline(out, style, depth + 1);
            writeString(out, entries.get(i).getKey(), style.ensureAscii());
            out.append(style.keySeparator());
            Object v = entries.get(i).getValue();
            write(out, v == NULL ? null : v, style, depth + 1);
        }
        newline(out, style, depth);
        out.append('}');
    }

    private static final Object NULL = new Object();

    private static void writeArray(StringBuilder out, List<?> items, Style style, int depth) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(style.itemSeparator());
            }
            newline(out, style, depth + 1);
            write(out, items.get(i), style, depth + 1);
        }
        newline(out, style, depth);
        out.append(']');
    }

    private static void newline(StringBuilder out, Style style, int depth) {
        if (style.indent() != null) {
            out.append('\n').append(style.indent().repeat(depth));
        }
    }

    /** Python turns non-string keys into strings: {@code True} becomes "true", {@code None} "null", 1 "1". */
    private static String key(Object key) {
        return switch (key) {
            case null -> "null";
            case CharSequence s -> s.toString();
            case Boolean b -> b ? "true" : "false";
            case Double d -> floatRepr(d);
            case Float f -> floatRepr(f.doubleValue());
            case Number n -> n.toString();
            default -> throw new TemplateTypeError(
                    "keys must be str, int, float, bool or None, not " + key.getClass().getSimpleName());
        };
    }

    static void writeString(StringBuilder out, String s, boolean ensureAscii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * The shortest decimal that parses back to {@code d}. Java's {@code Double.toString} is shortest except that it
     * never writes fewer than two digits, so a two-digit answer may hide a one-digit one ({@code 4.9E-324} for
     * Python's {@code 5e-324}).
     */
    private static BigDecimal shortestDigits(double d) {
        BigDecimal fromJava = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (fromJava.precision() == 2) {
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.UP, RoundingMode.DOWN}) {
                BigDecimal oneDigit = fromJava.round(new MathContext(1, mode));
                if (oneDigit.doubleValue() == d) {
                    return oneDigit.stripTrailingZeros();
                }
            }
        }
        return fromJava;
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestDigits(Math.abs(d));
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            int point = exponent + 1;
            if (point <= 0) {
                return sign + "0." + "0".repeat(-point) + digits;
            }
            if (point >= digits.length()) {
                return sign + digits + "0".repeat(point - digits.length()) + ".0";
            }
            return sign + digits.substring(0, point) + "." + digits.substring(point);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
