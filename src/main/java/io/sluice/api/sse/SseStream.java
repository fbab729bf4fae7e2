package io.sluice.api.sse;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

import java.nio.charset.StandardCharsets;

/**
 * One SSE response. Frames are written as given, nothing reformatted: {@code data: } (with the space naive clients
 * split on) + payload + a blank line, and no {@code event:} or {@code id:} fields. Owned by the request's event loop.
 *
 * <p>The response's write queue is bounded ({@code writeBuffer} bytes): a responder asks for its next event only
 * through {@link #whenWritable}, so a client that stops reading stops the flow instead of growing memory.
 */
public final class SseStream {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServerResponse response;
    private final HttpConnection connection;
    private Runnable pendingDrain;
    private boolean wroteSinceCheck;

    public SseStream(HttpServerResponse response, HttpConnection connection) {
        this.response = response;
        this.connection = connection;
    }

    /**
     * Sends the status and headers now (the client learns at once that it was admitted, even if the first event is
     * a queue and a prefill away). No {@code Content-Length}: chunked. Compression is off server-wide and
     * {@code text/event-stream} is not a compressed type, so frames reach the client as written.
     *
     * @param writeBuffer bytes that may wait in the write queue before {@link #whenWritable} holds back
     */
    public SseStream open(int writeBuffer) {
        response.setStatusCode(200)
                .setChunked(true)
                .setWriteQueueMaxSize(writeBuffer)
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
        response.writeHead();
        return this;
    }

    /** Writes {@code data: <payload>\n\n}. The payload must be one line (compact JSON is). */
    public void data(byte[] payload) {
        if (!writable()) {
            return;
        }
        wroteSinceCheck = true;
        response.write(Buffer.buffer(DATA.length + payload.length + END_OF_EVENT.length)
                .appendBytes(DATA).appendBytes(payload).appendBytes(END_OF_EVENT));
    }

    /**
     * Writes {@code : keep-alive}, an SSE comment every client ignores but which keeps proxies and load balancers
     * from closing a quiet connection, if nothing was written since the last call and the client is keeping up
     * (a full queue needs no help staying busy, and must not grow). Called every heartbeat period.
     */
    public void heartbeat() {
        boolean quiet = !wroteSinceCheck;
        wroteSinceCheck = false;
        if (quiet && writable() && !response.writeQueueFull()) {
            response.write(Buffer.buffer(KEEP_ALIVE));
        }
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
     * the next event only as fast as the client reads.
     *
     * @return false when {@code next} is left waiting for the client (the responder then starts its stall timer)
     */
    public boolean whenWritable(Runnable next) {
        if (!response.writeQueueFull()) {
            next.run();
            return true;
        }
        pendingDrain = next;
        return false;
    }

    /** True while a responder waits for the client to drain its queue. */
    public boolean stalled() {
        return pendingDrain != null;
    }

    /**
     * Drops the connection at once, discarding whatever still waits for the client: a client that stopped reading
     * cannot be sent a goodbye. Vert.x's own close is queued behind the pending writes, which for this client never
     * drain; so the close starts below Vert.x's handler, at the head of the Netty pipeline, with a reset (linger 0)
     * so that the kernel drops its buffered bytes too. Vert.x still sees the channel go inactive, so every close
     * handler runs as for any disconnect.
     */
    public void reset() {
        pendingDrain = null;
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            ChannelHandlerContext first = channel.pipeline().firstContext();
            if (first != null) {
                first.close();
            } else {
                channel.close();
            }
        } else {
            connection.close();
        }
    }

    private boolean writable() {
        return !response.ended() && !response.closed();
    }
}
