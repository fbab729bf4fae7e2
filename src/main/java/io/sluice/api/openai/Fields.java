package io.sluice.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.pipeline.BadParameterException;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static io.sluice.pipeline.BadParameterException.Problem.INVALID_VALUE;
import static io.sluice.pipeline.BadParameterException.Problem.MISSING;
import static io.sluice.pipeline.BadParameterException.Problem.WRONG_TYPE;

/**
 * Typed reads of one JSON object's fields, each failure naming the field by its full path ({@code messages[2].role}).
 * A field set to {@code null} counts as absent: clients send null for "not set". Fields nobody reads are ignored.
 */
final class Fields {

    private final ObjectNode node;
    private final String prefix;

    private Fields(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    static Fields of(ObjectNode node) {
        return new Fields(node, "");
    }

    /** The fields of an object nested at {@code path}. */
    static Fields nested(JsonNode value, String path) {
        if (!(value instanceof ObjectNode object)) {
            throw wrongType(path, "an object", value);
        }
        return new Fields(object, path + ".");
    }

    String path(String name) {
        return prefix + name;
    }

    /** The raw value, or null when absent or null. */
    JsonNode raw(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    JsonNode required(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            throw new BadParameterException(path(name), MISSING, "Missing required parameter: '" + path(name) + "'.");
        }
        return value;
    }

    Optional<String> string(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(path(name), "a string", value);
        }
        return Optional.of(value.textValue());
    }

    String requiredString(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw wrongType(path(name), "a string", value);
        }
        return value.textValue();
    }

    boolean bool(String name, boolean otherwise) {
        JsonNode value = raw(name);
        if (value == null) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw wrongType(path(name), "a boolean", value);
        }
        return value.booleanValue();
    }

    /** An integer in {@code [min, max]}. */
    OptionalInt integer(String name, int min, int max) {
        JsonNode value = raw(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        long number = integral(path(name), value);
        if (number < min || number > max) {
            throw new BadParameterException(path(name), INVALID_VALUE, "Invalid value for '" + path(name) + "': "
                    + number + " is outside " + min + " to " + max + ".");
        }
        return OptionalInt.of((int) number);
    }

    OptionalLong longInteger(String name) {
        JsonNode value = raw(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(integral(path(name), value));
    }

    /** A number in the range given; {@code open} bounds exclude their end. */
    OptionalDouble number(String name, double min, boolean minOpen, double max, boolean maxOpen) {
        JsonNode value = raw(name);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw wrongType(path(name), "a number", value);
        }
        double number = value.doubleValue();
        boolean below = minOpen ? number <= min : number < min;
        boolean above = maxOpen ? number >= max : number > max;
        if (below || above || !Double.isFinite(number)) {
            throw new BadParameterException(path(name), INVALID_VALUE, "Invalid value for '" + path(name) + "': "
                    + value.asText() + " is outside " + (minOpen ? "(" : "[") + format(min) + ", " + format(max)
                    + (maxOpen ? ")" : "]") + ".");
        }
        return OptionalDouble.of(number);
    }

    static long integral(String path, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isFloatingPointNumber() && value.canConvertToExactIntegral() && value.canConvertToLong()) {
            return value.longValue(); // 256.0 is an integer to most clients' JSON encoders
        }
        throw wrongType(path, "an integer", value);
    }

    static BadParameterException wrongType(String path, String expected, JsonNode value) {
        return new BadParameterException(path, WRONG_TYPE, "Invalid type for '" + path + "': expected " + expected
                + ", but got " + describe(value) + ".");
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a decimal number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "a " + value.getNodeType().name().toLowerCase();
        };
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
    }
}
