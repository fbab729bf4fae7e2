package io.sluice.api;

/**
 * Every error this API answers, with its HTTP status, OpenAI {@code error.type}, {@code error.code} and the label
 * metrics will count it under: the one table, read by {@link ErrorTable}.
 */
public enum ErrorKind {
    MALFORMED_JSON(400, "invalid_request_error", null, "malformed_json"),
    MISSING_PARAMETER(400, "invalid_request_error", "missing_required_parameter", "invalid_request"),
    INVALID_TYPE(400, "invalid_request_error", "invalid_type", "invalid_request"),
    INVALID_VALUE(400, "invalid_request_error", "invalid_value", "invalid_request"),
    UNSUPPORTED_PARAMETER(400, "invalid_request_error", "unsupported_parameter", "invalid_request"),
    CONTEXT_LENGTH_EXCEEDED(400, "invalid_request_error", "context_length_exceeded", "context_length_exceeded"),
    UNAUTHORIZED(401, "invalid_request_error", "invalid_api_key", "unauthorized"),
    ORIGIN_NOT_ALLOWED(403, "invalid_request_error", "origin_not_allowed", "origin_not_allowed"),
    MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found", "model_not_found"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed", "method_not_allowed"),
    BODY_TOO_LARGE(413, "invalid_request_error", "request_too_large", "body_too_large"),
    RATE_LIMITED_REQUESTS(429, "requests", "rate_limit_exceeded", "rate_limited"),
    RATE_LIMITED_TOKENS(429, "tokens", "rate_limit_exceeded", "rate_limited"),
    QUEUE_FULL(429, "server_error", "queue_full", "queue_full"),
    QUEUE_TIMEOUT(503, "server_error", "queue_timeout", "queue_timeout"),
    SHUTTING_DOWN(503, "server_error", "service_unavailable", "shutting_down"),
    SEQUENCE_ABORTED(503, "server_error", "service_unavailable", "engine_aborted"),
    INTERNAL(500, "server_error", null, "internal_error");

    private final int status;
    private final String type;
    private final String code;
    private final String label;

    ErrorKind(int status, String type, String code, String label) {
        this.status = status;
        this.type = type;
        this.code = code;
        this.label = label;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** {@code error.code}, or null where OpenAI sends none. */
    public String code() {
        return code;
    }

    /** A low-cardinality name for metrics and logs. */
    public String label() {
        return label;
    }
}
