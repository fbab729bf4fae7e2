package io.sluice.api;

import io.sluice.api.openai.ErrorWire;

import java.util.Map;

/**
 * One error answer: its kind (status, type, code), a message safe to show a client, the field at fault, and the
 * headers that go with it ({@code Retry-After}, {@code x-ratelimit-*}).
 */
public record ApiError(ErrorKind kind, String message, String param, Map<String, String> headers) {

    public ApiError {
        headers = Map.copyOf(headers);
    }

    public ApiError(ErrorKind kind, String message, String param) {
        this(kind, message, param, Map.of());
    }

    public ErrorWire body() {
        return new ErrorWire(new ErrorWire.Detail(message, kind.type(), param, kind.code()));
    }
}
