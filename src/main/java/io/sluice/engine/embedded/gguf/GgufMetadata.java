package io.sluice.engine.embedded.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key-value metadata of a GGUF file, with typed getters whose errors name the file and the key. Immutable.
 */
public final class GgufMetadata {

    private final String source;
    private final Map<String, GgufValue> values;

    public GgufMetadata(String source, Map<String, GgufValue> values) {
        this.source = source;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The file these values came from, for error messages. */
    public String source() {
        return source;
    }

    public Map<String, GgufValue> asMap() {
        return values;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public Optional<GgufValue> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    private GgufValue required(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            throw fail(key, "is missing");
        }
        return v;
    }

    public String getString(String key) {
        GgufValue v = required(key);
        if (v.type() != GgufValueType.STRING) {
            throw fail(key, "should be a STRING but is " + v.type());
        }
        return (String) v.value();
    }

    public Optional<String> findString(String key) {
        return contains(key) ? Optional.of(getString(key)) : Optional.empty();
    }

    /** Any integer type whose value fits in an int. */
    public int getInt(String key) {
        long v = getLong(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw fail(key, "value " + v + " does not fit in a 32-bit integer");
        }
        return (int) v;
    }

    public Optional<Integer> findInt(String key) {
        return contains(key) ? Optional.of(getInt(key)) : Optional.empty();
    }

    public int getInt(String key, int defaultValue) {
        return findInt(key).orElse(defaultValue);
    }

    /** Any integer type. A UINT64 above {@link Long#MAX_VALUE} is rejected. */
    public long getLong(String key) {
        GgufValue v = required(key);
        if (!v.type().isInteger()) {
            throw fail(key, "should be an integer but is " + v.type());
        }
        long l = (Long) v.value();
        if (v.type() == GgufValueType.UINT64 && l < 0) {
            throw fail(key, "value " + Long.toUnsignedString(l) + " is too large");
        }
        return l;
    }

    /** FLOAT32, FLOAT64 or any integer type, as a float. */
    public float getFloat(String key) {
        GgufValue v = required(key);
        return switch (v.type()) {
            case FLOAT32 -> (Float) v.value();
            case FLOAT64 -> (float) (double) (Double) v.value();
            default -> {
                if (v.type().isInteger()) {
                    yield (float) getLong(key);
                }
                throw fail(key, "should be a number but is " + v.type());
            }
        };
    }

    public float getFloat(String key, float defaultValue) {
        return contains(key) ? getFloat(key) : defaultValue;
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        GgufValue v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.type() != GgufValueType.BOOL) {
            throw fail(key, "should be a BOOL but is " + v.type());
        }
        return (Boolean) v.value();
    }

    public String[] getStringArray(String key) {
        return (String[]) array(key, GgufValueType.STRING).value();
    }

    /** A FLOAT32 array (FLOAT64 arrays are narrowed). */
    public float[] getFloatArray(String key) {
        GgufValue v = required(key);
        if (v.type() == GgufValueType.ARRAY && v.elementType() == GgufValueType.FLOAT64) {
            double[] d = (double[]) v.value();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        return (float[]) array(key, GgufValueType.FLOAT32).value();
    }

    /** An array of any integer type up to 32 bits, widened to int. */
    public int[] getIntArray(String key) {
        GgufValue v = required(key);
        if (v.type() != GgufValueType.ARRAY || !v.elementType().isInteger()) {
            throw fail(key, "should be an integer array but is " + v);
        }
        Object a = v.value();
        if (a instanceof int[] ints) {
            return ints.clone();
        }
        int n = java.lang.reflect.Array.getLength(a);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long x = switch (a) {
                case byte[] b -> v.elementType() == GgufValueType.UINT8 ? b[i] & 0xFF : b[i];
                case short[] s -> v.elementType() == GgufValueType.UINT16 ? s[i] & 0xFFFF : s[i];
                case long[] l -> l[i];
                default -> throw fail(key, "unexpected array representation " + a.getClass());
            };
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                throw fail(key, "element " + i + " = " + x + " does not fit in a 32-bit integer");
            }
            out[i] = (int) x;
        }
        return out;
    }

    private GgufValue array(String key, GgufValueType elementType) {
        GgufValue v = required(key);
        if (v.type() != GgufValueType.ARRAY || v.elementType() != elementType) {
            throw fail(key, "should be an array of " + elementType + " but is " + v);
        }
        return v;
    }

    /** An error about {@code key} of this file. */
    public GgufFormatException fail(String key, String why) {
        return new GgufFormatException(source + ": metadata key '" + key + "' " + why);
    }
}
