package io.sluice.api;

import io.sluice.observability.AbortReason;
import io.sluice.observability.RequestTrace;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One API request at the edge, from the gate to the end of its response: its id, its trace (generation requests
 * only), the API key it was made with, and the one place that watches the response's end and the client's going.
 * Vert.x keeps a single close handler and a single end handler per response; every interested party registers here
 * instead of replacing the other's.
 *
 * <p>Owned by the request's event loop, except {@link #abort}, which the drain calls from its own thread.
 */
final class Exchange {

    private static final String KEY = "sluice.exchange";

    /** A responder that can cut its request short from any thread (it hops to its own event loop). */
    interface Abortable {
        void abort(AbortReason reason);
    }

    private final HttpServerResponse response;
    private final HttpConnection connection;
    private final String id;
    private final RequestTrace trace;
    private final String keyId;
    private final List<Runnable> onGone = new ArrayList<>(2);
    private final List<Runnable> onEnd = new ArrayList<>(2);
    private volatile Abortable responder;
    private boolean ended;

    private Exchange(HttpServerResponse response, HttpConnection connection, String id, RequestTrace trace,
                     String keyId) {
        this.response = response;
        this.connection = connection;
        this.id = id;
        this.trace = trace;
        this.keyId = keyId;
    }

    /** Starts the exchange of {@code ctx}, watching its response's end. */
    static Exchange begin(RoutingContext ctx, String id, RequestTrace trace, String keyId) {
        HttpServerResponse response = ctx.response();
        Exchange exchange = new Exchange(response, ctx.request().connection(), id, trace, keyId);
        ctx.put(KEY, exchange);
        ctx.addEndHandler(ignored -> {
            // Called once, when the response ended or the connection closed (or failed) first. The request is
            // counted before its work is cancelled, so that whoever sees the gauges fall also sees the abort counted.
            boolean complete = response.ended();
            boolean first = !exchange.ended;
            exchange.finish(complete);
            if (!complete && first) {
                for (Runnable r : List.copyOf(exchange.onGone)) {
                    r.run();
                }
            }
        });
        return exchange;
    }

    static Exchange of(RoutingContext ctx) {
        Exchange exchange = ctx.get(KEY);
        if (exchange == null) {
            throw new IllegalStateException("no exchange: the API gate did not run for " + ctx.request().path());
        }
        return exchange;
    }

    String id() {
        return id;
    }

    HttpConnection connection() {
        return connection;
    }

    /** The trace of a generation request; null on other routes. */
    RequestTrace trace() {
        return trace;
    }

    /** The key id the request authenticated with; null when the API is open. */
    String keyId() {
        return keyId;
    }

    /** Runs {@code action} if the client closes the connection before the response ends. */
    void onClientGone(Runnable action) {
        onGone.add(action);
    }

    /** Runs {@code action} once when the response ends or the connection closes, whichever comes first. */
    void onEnd(Runnable action) {
        onEnd.add(action);
    }

    /** Registers the responder the drain may abort. */
    void responder(Abortable abortable) {
        this.responder = abortable;
    }

    /** Cuts the request short if a responder is running it; a request still being read or parsed ends by itself. */
    void abort(AbortReason reason) {
        Abortable r = responder;
        if (r != null) {
            r.abort(reason);
        }
    }

    private void finish(boolean complete) {
        if (ended) {
            return;
        }
        ended = true;
        if (trace != null) {
            trace.end(response.getStatusCode(), complete);
        }
        for (Runnable r : onEnd) {
            r.run();
        }
    }
}
