package io.sluice.api;

import io.smallrye.mutiny.Multi;
import io.sluice.api.openai.Dialect;
import io.sluice.api.openai.WireJson;
import io.sluice.api.sse.SseStream;
import io.sluice.observability.AbortReason;
import io.sluice.observability.RequestTrace;
import io.sluice.pipeline.GenerationEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes one request's events as an SSE stream. Opened as soon as the request is admitted (running or queued): the
 * headers and the role chunk go out at once, then a {@code : keep-alive} comment every heartbeat period of silence
 * (queued, prefilling, a slow model), so proxies keep the connection.
 *
 * <p>Backpressure: it asks for one event at a time and for the next only once the socket's bounded write queue has
 * room, so a slow reader slows its own stream and nothing else. A client that leaves the queue full for the
 * write-stall timeout is dropped ({@code slow_consumer}); one that closes the connection is noticed at once. Either
 * way the subscription is cancelled, which frees every sequence of the request in the engine within a step.
 *
 * <p>Signals arrive on engine threads; each is handed to the request's event loop before it touches the response.
 * After the stream has started a failure can no longer change the status, so it becomes one
 * {@code data: {"error":…}} frame and the stream ends without {@code [DONE]}: {@code [DONE]} means "complete", and a
 * client that only watches for it must not take a cut-off answer for a finished one.
 */
final class StreamResponder implements Flow.Subscriber<GenerationEvent>, Exchange.Abortable {

    /** How a stream paces itself; from {@code sluice.stream.*}. */
    record Pacing(Duration heartbeat, Duration writeStallTimeout, int writeBuffer) {
    }

    private static final Logger LOG = Logger.getLogger(StreamResponder.class);
    private static final int[] NO_IDS = new int[0];

    private final Context context;
    private final Vertx vertx;
    private final SseStream sse;
    private final Dialect dialect;
    private final boolean includeUsage;
    private final Exchange exchange;
    private final RequestTrace trace;
    private final Pacing pacing;
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile boolean gone;
    private long heartbeatTimer = -1;
    private long stallTimer = -1;

    StreamResponder(Context context, SseStream sse, Dialect dialect, boolean includeUsage, Exchange exchange,
                    Pacing pacing) {
        this.context = context;
        this.vertx = context.owner();
        this.sse = sse;
        this.dialect = dialect;
        this.includeUsage = includeUsage;
        this.exchange = exchange;
        this.trace = exchange.trace();
        this.pacing = pacing;
    }

    /** Opens the stream (headers and the opening chunks go out now) and starts the request. On the event loop. */
    void start(Multi<GenerationEvent> events) {
        sse.open(pacing.writeBuffer());
        exchange.onClientGone(this::clientGone);
        exchange.onEnd(this::stopTimers);
        exchange.responder(this);
        for (Object chunk : dialect.opening()) {
            sse.data(WireJson.write(chunk));
        }
        heartbeatTimer = vertx.setPeriodic(pacing.heartbeat().toMillis(), ignored -> sse.heartbeat());
        events.subscribe().withSubscriber(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s) || gone) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(GenerationEvent event) {
        context.runOnContext(ignored -> write(event));
    }

    @Override
    public void onError(Throwable failure) {
        context.runOnContext(ignored -> fail(failure));
    }

    @Override
    public void onComplete() {
        context.runOnContext(ignored -> {
            if (!gone) {
                sse.done();
            }
        });
    }

    /** Ends the stream early with an error frame (the drain's shutdown). From any thread. */
    @Override
    public void abort(AbortReason reason) {
        context.runOnContext(ignored -> {
            if (gone) {
                return;
            }
            gone = true;
            cancelUpstream();
            ApiError error = ErrorTable.aborted(reason);
            trace.aborted(reason);
            trace.failedInStream(error.kind().status());
            sse.data(WireJson.write(error.body()));
            sse.end();
        });
    }

    private void write(GenerationEvent event) {
        if (gone) {
            return;
        }
        switch (event) {
            case GenerationEvent.Delta delta -> {
                if (!delta.text().isEmpty()) {
                    sse.data(WireJson.write(dialect.content(delta.choice(), delta.text(), delta.tokenIds())));
                }
            }
            case GenerationEvent.Finished finished -> {
                int[] ids = finished.tokenIds();
                if (!finished.text().isEmpty()) {
                    sse.data(WireJson.write(dialect.content(finished.choice(), finished.text(), ids)));
                    ids = NO_IDS;
                }
                sse.data(WireJson.write(dialect.finish(finished.choice(), finished.reason(), ids)));
            }
            case GenerationEvent.Completed completed -> {
                if (includeUsage) {
                    sse.data(WireJson.write(dialect.usage(completed.usage())));
                }
            }
        }
        if (!sse.whenWritable(this::requestNext)) {
            stallTimer = vertx.setTimer(pacing.writeStallTimeout().toMillis(), ignored -> slowConsumer());
        }
    }

    private void requestNext() {
        if (stallTimer != -1) {
            vertx.cancelTimer(stallTimer);
            stallTimer = -1;
        }
        if (!gone) {
            subscription.get().request(1);
        }
    }

    /** The client left its queue full for the whole stall timeout: drop it and free its sequences. */
    private void slowConsumer() {
        stallTimer = -1;
        if (gone || !sse.stalled()) {
            return;
        }
        gone = true;
        cancelUpstream();
        trace.aborted(AbortReason.SLOW_CONSUMER);
        LOG.infof("request %s: the client read nothing for %d ms with its buffer full; dropped", exchange.id(),
                pacing.writeStallTimeout().toMillis());
        sse.reset();
    }

    private void fail(Throwable failure) {
        if (gone) {
            return;
        }
        gone = true;
        ApiError error = ErrorTable.classify(failure);
        ErrorTable.abortReason(error.kind()).ifPresent(trace::aborted);
        trace.failedInStream(error.kind().status());
        LOG.debugf("request %s: stream ended by %s after it started", exchange.id(), error.kind().label());
        sse.data(WireJson.write(error.body()));
        sse.end();
    }

    private void clientGone() {
        gone = true;
        cancelUpstream();
    }

    private void cancelUpstream() {
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }

    private void stopTimers() {
        vertx.cancelTimer(heartbeatTimer);
        if (stallTimer != -1) {
            vertx.cancelTimer(stallTimer);
            stallTimer = -1;
        }
    }
}
