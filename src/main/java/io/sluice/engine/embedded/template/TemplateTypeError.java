package io.sluice.engine.embedded.template;

/**
 * An operation Python would reject with a {@code TypeError} or {@code ValueError} (adding an undefined value to a
 * string, calling a string method with the wrong arguments). Thrown inside Jinjava's evaluation so the render fails
 * instead of printing "null" into a prompt; {@link ChatTemplate} turns it into a {@link ChatTemplateException}.
 */
final class TemplateTypeError extends RuntimeException {

    TemplateTypeError(String message) {
        super(message);
    }

    /** Python's name for the type of a template value, for error messages. */
    static String typeName(Object value) {
        return switch (value) {
            case null -> "undefined or none";
            case CharSequence s -> "str";
            case Boolean b -> "bool";
            case Integer i -> "int";
            case Long l -> "int";
            case Number n -> "float";
            case java.util.Map<?, ?> m -> "dict";
            case Iterable<?> it -> "list";
            default -> value.getClass().getSimpleName();
        };
    }
}
