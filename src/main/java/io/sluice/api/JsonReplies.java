package io.sluice.api;

import io.sluice.api.openai.WireJson;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Whole JSON answers. Called on the request's event loop. */
final class JsonReplies {

    private JsonReplies() {
    }

    static Future<Void> json(HttpServerResponse response, int status, Object body) {
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        return response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(WireJson.write(body)));
    }

    static Future<Void> error(HttpServerResponse response, ApiError error) {
        if (response.headWritten()) {
            response.reset(); // cannot happen on a JSON route; never append an error to a half-written body
            return Future.succeededFuture();
        }
        error.headers().forEach(response::putHeader);
        return json(response, error.kind().status(), error.body());
    }
}
