package io.sluice.pipeline;

/**
 * A request the server refuses because of what the client sent. Each subtype says which field and why; the API maps
 * each to a status and an error code in one table. No stack trace: these are answers, not bugs.
 */
public abstract sealed class RequestRejectedException extends RuntimeException
        permits BadParameterException, ModelNotFoundException, ContextLengthExceededException {

    private final String param;

    RequestRejectedException(String param, String message) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The request field at fault (a path such as {@code messages[1].content}), or null for the request as a whole. */
    public String param() {
        return param;
    }
}
