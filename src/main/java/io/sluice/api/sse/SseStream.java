package io.sluice.api.sse;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * One SSE response. Frames are written as given, nothing reformatted: {@code data: } (with the space naive clients
 * split on) + payload + a blank line, and no {@code event:} or {@code id:} fields. Owned by the request's event loop.
 */
public final class SseStream {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServerResponse response;
    private Runnable pendingDrain;

    public SseStream(HttpServerResponse response) {
        this.response = response;
    }

    /**
     * Sets the status and headers; they leave with the first frame. No {@code Content-Length}: chunked. Compression
     * is off server-wide and {@code text/event-stream} is not a compressed type, so frames reach the client as
     * written.
     */
    public SseStream open() {
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no"); // nginx: do not buffer this response
        response.drainHandler(ignored -> {
            Runnable next = pendingDrain;
            pendingDrain = null;
            if (next != null) {
                next.run();
            }
        });
        return this;
    }

    /** Writes {@code data: <payload>\n\n}. The payload must be one line (compact JSON is). */
    public void data(byte[] payload) {
        if (!writable()) {
            return;
        }
        response.write(Buffer.buffer(DATA.length + payload.length + END_OF_EVENT.length)
                .appendBytes(DATA).appendBytes(payload).appendBytes(END_OF_EVENT));
    }

    /** Writes a comment line ({@code : keep-alive}), which every SSE client ignores but which keeps proxies open. */
    public void comment(String text) {
        if (!writable()) {
            return;
        }
        response.write(Buffer.buffer(": " + text + "\n\n", "UTF-8"));
    }

    /** Writes {@code data: [DONE]} and ends the response. */
    public void done() {
        if (writable()) {
            response.end(Buffer.buffer(DONE));
        }
    }

    /** Ends the response without {@code [DONE]} (after an error frame). */
    public void end() {
        if (writable()) {
            response.end();
        }
    }

    /**
     * Runs {@code next} now if the socket's write queue has room, otherwise once it drains: how a responder asks for
     * the next event only as fast as the client reads. A client that never drains is left waiting here (the place
     * for a write-stall timeout).
     */
    public void whenWritable(Runnable next) {
        if (!response.writeQueueFull()) {
            next.run();
        } else {
            pendingDrain = next;
        }
    }

    /** True while the client waits for its queue to drain. */
    public boolean stalled() {
        return pendingDrain != null;
    }

    /** Runs {@code action} once if the connection closes before the response ends. */
    public void onClientGone(Runnable action) {
        response.closeHandler(ignored -> action.run());
    }

    private boolean writable() {
        return !response.ended() && !response.closed();
    }
}
