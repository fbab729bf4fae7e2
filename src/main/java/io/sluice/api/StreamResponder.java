package io.sluice.api;

import io.smallrye.mutiny.Multi;
import io.sluice.api.openai.Dialect;
import io.sluice.api.openai.WireJson;
import io.sluice.api.sse.SseStream;
import io.sluice.pipeline.GenerationEvent;
import io.vertx.core.Context;
import org.jboss.logging.Logger;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes one request's events as an SSE stream. It asks for one event at a time and asks for the next only once the
 * socket can take more, so a slow reader slows its own stream (and nothing else). When the client goes away the
 * subscription is cancelled, which aborts every sequence of the request in the engine.
 *
 * <p>Signals arrive on engine threads; each is handed to the request's event loop before it touches the response.
 * After the stream has started a failure can no longer change the status, so it becomes one
 * {@code data: {"error":…}} frame and the stream ends without {@code [DONE]}: {@code [DONE]} means "complete", and a
 * client that only watches for it must not take a cut-off answer for a finished one.
 */
final class StreamResponder implements Flow.Subscriber<GenerationEvent> {

    private static final Logger LOG = Logger.getLogger(StreamResponder.class);
    private static final int[] NO_IDS = new int[0];

    private final Context context;
    private final SseStream sse;
    private final Dialect dialect;
    private final boolean includeUsage;
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile boolean gone;

    StreamResponder(Context context, SseStream sse, Dialect dialect, boolean includeUsage) {
        this.context = context;
        this.sse = sse;
        this.dialect = dialect;
        this.includeUsage = includeUsage;
    }

    /** Opens the stream (headers and the opening chunks go out now) and starts the request. On the event loop. */
    void start(Multi<GenerationEvent> events) {
        sse.open();
        sse.onClientGone(this::clientGone);
        for (Object chunk : dialect.opening()) {
            sse.data(WireJson.write(chunk));
        }
        events.subscribe().withSubscriber(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s)) {
            s.cancel();
            return;
        }
        if (gone) {
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
        sse.whenWritable(() -> subscription.get().request(1));
    }

    private void fail(Throwable failure) {
        if (gone) {
            return;
        }
        ApiError error = ErrorTable.classify(failure);
        LOG.debugf("Stream ended by %s after it started", error.kind().label());
        sse.data(WireJson.write(error.body()));
        sse.end();
    }

    private void clientGone() {
        gone = true;
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }
}
