package io.sluice.api.openai;

/**
 * The body is not a JSON object within the limits. Its message says where parsing failed; {@link #param()} names the
 * top-level field whose value was at fault, or is null when the failure is not inside one.
 */
public final class MalformedJsonException extends RuntimeException {

    private final String param;

    public MalformedJsonException(String message) {
        this(message, null);
    }

    public MalformedJsonException(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
