package io.sluice.api;

import io.sluice.api.openai.MalformedJsonException;
import io.sluice.pipeline.BadParameterException;
import io.sluice.pipeline.ContextLengthExceededException;
import io.sluice.observability.AbortReason;
import io.sluice.observability.LogSafe;
import io.sluice.pipeline.ModelNotFoundException;
import io.sluice.pipeline.QueueFullException;
import io.sluice.pipeline.QueueTimeoutException;
import io.sluice.pipeline.RateLimitedException;
import io.sluice.pipeline.RetryLaterException;
import io.sluice.pipeline.SequenceAbortedException;
import io.sluice.pipeline.ShuttingDownException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.handler.HttpException;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
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
            case MalformedJsonException e -> new ApiError(ErrorKind.MALFORMED_JSON, e.getMessage(), e.param());
            case SequenceAbortedException e -> new ApiError(ErrorKind.SEQUENCE_ABORTED,
                    "The server stopped generating this response; retry the request.", null);
            case RetryLaterException e -> retryLater(e);
            case HttpException e -> forStatus(e.getStatusCode());
            default -> {
                LOG.error("Unexpected failure while serving a request", LogSafe.scrub(cause));
                yield new ApiError(ErrorKind.INTERNAL, INTERNAL_MESSAGE, null);
            }
        };
    }

    /** The abort a failure stands for once its request has started (it is counted under that reason too). */
    public static Optional<AbortReason> abortReason(ErrorKind kind) {
        return switch (kind) {
            case QUEUE_TIMEOUT -> Optional.of(AbortReason.QUEUE_TIMEOUT);
            case SHUTTING_DOWN -> Optional.of(AbortReason.SHUTDOWN);
            default -> Optional.empty();
        };
    }

    /** What a request cut short by {@code reason} is told, if it can still be told anything. */
    public static ApiError aborted(AbortReason reason) {
        return switch (reason) {
            case SHUTDOWN -> classify(new ShuttingDownException());
            case QUEUE_TIMEOUT, CLIENT_DISCONNECT, SLOW_CONSUMER -> new ApiError(ErrorKind.SEQUENCE_ABORTED,
                    "The server stopped generating this response; retry the request.", null);
        };
    }

    /** The one 401: the same body whatever was wrong (no key, another scheme, an unknown key). */
    public static ApiError unauthorized() {
        return new ApiError(ErrorKind.UNAUTHORIZED, "Incorrect or missing API key. Send it as 'Authorization: "
                + "Bearer <key>'.", null, Map.of("WWW-Authenticate", "Bearer"));
    }

    private static ApiError retryLater(RetryLaterException e) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.RETRY_AFTER.toString(), RateLimitHeaders.retryAfter(e.retryAfter()));
        ErrorKind kind = switch (e) {
            case QueueFullException q -> ErrorKind.QUEUE_FULL;
            case QueueTimeoutException q -> ErrorKind.QUEUE_TIMEOUT;
            case ShuttingDownException q -> ErrorKind.SHUTTING_DOWN;
            case RateLimitedException q -> {
                headers.putAll(RateLimitHeaders.of(q.quotas()));
                yield q.budget() == RateLimitedException.Budget.REQUESTS
                        ? ErrorKind.RATE_LIMITED_REQUESTS : ErrorKind.RATE_LIMITED_TOKENS;
            }
        };
        return new ApiError(kind, e.getMessage(), null, headers);
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
