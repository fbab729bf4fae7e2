package io.sluice.api;

import io.sluice.api.openai.MalformedJsonException;
import io.sluice.pipeline.BadParameterException;
import io.sluice.pipeline.ContextLengthExceededException;
import io.sluice.pipeline.ModelNotFoundException;
import io.sluice.pipeline.SequenceAbortedException;
import io.vertx.ext.web.handler.HttpException;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionException;

/**
 * Maps whatever went wrong to the answer a client gets. Known failures carry their own safe message; anything else
 * is a bug or an engine fault: it is logged here with its stack trace and the client gets a generic 500 that names
 * nothing internal.
 */
public final class ErrorTable {

    private static final Logger LOG = Logger.getLogger(ErrorTable.class);
    private static final String INTERNAL_MESSAGE = "The server had an error while processing your request.";

    private ErrorTable() {
    }

    public static ApiError classify(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return switch (cause) {
            case BadParameterException e -> new ApiError(switch (e.problem()) {
                case MISSING -> ErrorKind.MISSING_PARAMETER;
                case WRONG_TYPE -> ErrorKind.INVALID_TYPE;
                case INVALID_VALUE -> ErrorKind.INVALID_VALUE;
                case UNSUPPORTED -> ErrorKind.UNSUPPORTED_PARAMETER;
            }, e.getMessage(), e.param());
            case ContextLengthExceededException e ->
                    new ApiError(ErrorKind.CONTEXT_LENGTH_EXCEEDED, e.getMessage(), e.param());
            case ModelNotFoundException e -> new ApiError(ErrorKind.MODEL_NOT_FOUND, e.getMessage(), e.param());
            case MalformedJsonException e -> new ApiError(ErrorKind.MALFORMED_JSON, e.getMessage(), null);
            case SequenceAbortedException e -> new ApiError(ErrorKind.SEQUENCE_ABORTED,
                    "The server stopped generating this response; retry the request.", null);
            case HttpException e -> forStatus(e.getStatusCode());
            default -> {
                LOG.error("Unexpected failure while serving a request", cause);
                yield new ApiError(ErrorKind.INTERNAL, INTERNAL_MESSAGE, null);
            }
        };
    }

    /** For failures Vert.x reports as a bare status (the body handler's 413). */
    public static ApiError forStatus(int status) {
        return switch (status) {
            case 413 -> new ApiError(ErrorKind.BODY_TOO_LARGE, "The request body is too large.", null);
            case 405 -> new ApiError(ErrorKind.METHOD_NOT_ALLOWED, "Method not allowed.", null);
            case 400 -> new ApiError(ErrorKind.MALFORMED_JSON, "The request could not be read.", null);
            default -> {
                LOG.errorf("Request failed with status %d and no exception", status);
                yield new ApiError(ErrorKind.INTERNAL, INTERNAL_MESSAGE, null);
            }
        };
    }
}
