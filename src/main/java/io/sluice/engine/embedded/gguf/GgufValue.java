package io.sluice.engine.embedded.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One metadata value with its on-disk type, so that a file can be written back exactly.
 *
 * <p>Java representation of {@code value}: integer scalars as {@link Long} (UINT64 keeps its bit pattern),
 * FLOAT32 as {@link Float}, FLOAT64 as {@link Double}, BOOL as {@link Boolean}, STRING as {@link String}. Arrays
 * ({@code type == ARRAY}) hold a primitive array matching {@code elementType}: {@code byte[]} for (U)INT8,
 * {@code short[]} for (U)INT16, {@code int[]} for (U)INT32, {@code long[]} for (U)INT64, {@code float[]},
 * {@code double[]}, {@code boolean[]}, {@code String[]}, or {@code GgufValue[]} for nested arrays.
 *
 * @param type        the value's type
 * @param elementType for arrays, the element type; otherwise null
 * @param value       see above
 */
public record GgufValue(GgufValueType type, GgufValueType elementType, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if ((type == GgufValueType.ARRAY) != (elementType != null)) {
            throw new IllegalArgumentException("elementType is required for arrays and only for them");
        }
    }

    public static GgufValue ofString(String s) {
        return new GgufValue(GgufValueType.STRING, null, s);
    }

    public static GgufValue ofUInt32(long v) {
        return new GgufValue(GgufValueType.UINT32, null, v);
    }

    public static GgufValue ofInt32(int v) {
        return new GgufValue(GgufValueType.INT32, null, (long) v);
    }

    public static GgufValue ofUInt64(long v) {
        return new GgufValue(GgufValueType.UINT64, null, v);
    }

    public static GgufValue ofFloat32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, null, v);
    }

    public static GgufValue ofBool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, null, v);
    }

    public static GgufValue ofStrings(String... values) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.STRING, values.clone());
    }

    public static GgufValue ofFloats(float... values) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.FLOAT32, values.clone());
    }

    public static GgufValue ofInt32s(int... values) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.INT32, values.clone());
    }

    /** Number of elements of an array value. */
    public int arrayLength() {
        if (type != GgufValueType.ARRAY) {
            throw new IllegalStateException("not an array: " + type);
        }
        return java.lang.reflect.Array.getLength(value);
    }

    @Override
    public String toString() {
        if (type != GgufValueType.ARRAY) {
            return type + ":" + value;
        }
        int n = arrayLength();
        return "ARRAY<" + elementType + ">[" + n + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufValue other && type == other.type && elementType == other.elementType
                && Objects.deepEquals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, elementType) * 31 + Arrays.deepHashCode(new Object[] {value});
    }
}
