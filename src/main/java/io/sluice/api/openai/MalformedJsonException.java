package io.sluice.api.openai;

/** The body is not a JSON object. Its message says where parsing failed. */
public final class MalformedJsonException extends RuntimeException {

    public MalformedJsonException(String message) {
        super(message, null, false, false);
    }
}
