package io.sluice.api;

import io.sluice.api.openai.ErrorWire;

/** One error answer: its kind (status, type, code), a message safe to show a client, and the field at fault. */
public record ApiError(ErrorKind kind, String message, String param) {

    public ErrorWire body() {
        return new ErrorWire(new ErrorWire.Detail(message, kind.type(), param, kind.code()));
    }
}
