package io.sluice.pipeline;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.sluice.observability.RequestTrace;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A request the {@link Admission} accepted: it runs now or waits its turn. {@link #events()} is its answer; whoever
 * holds a ticket must either subscribe to it or {@link #close()} it, so that its place is given back.
 */
public final class Ticket {

    /** Where the ticket is; changed only on the admission thread. */
    enum State { NEW, QUEUED, RUNNING, DONE }

    private final Admission admission;
    private final GenerationService service;
    private final GenerationRequest request;
    final RequestTrace trace;
    final int permits;
    final int tokens;
    /** Completes when the request gets its places; fails on queue timeout or drain. */
    final CompletableFuture<Void> turn = new CompletableFuture<>();

    // Owned by the admission thread.
    State state = State.NEW;
    ScheduledFuture<?> timeout;

    Ticket(Admission admission, GenerationService service, GenerationRequest request, RequestTrace trace) {
        this.admission = admission;
        this.service = service;
        this.request = request;
        this.trace = trace;
        this.permits = request.n();
        this.tokens = request.promptTokens().length;
    }

    /**
     * The request's events, once its turn comes: nothing while it waits (it may then fail with
     * {@link QueueTimeoutException} or {@link ShuttingDownException}), then what
     * {@link GenerationService#stream} emits. Cancelling, while waiting or running, gives the places back; so does
     * the end of the stream. Subscribe once.
     */
    public Multi<GenerationEvent> events() {
        return Uni.createFrom().completionStage(() -> turn.thenApply(ignored -> Boolean.TRUE))
                .onItem().transformToMulti(ignored -> service.stream(request, trace))
                .onTermination().invoke(this::close);
    }

    /** Gives the ticket's places back (idempotent); needed only when {@link #events()} is never subscribed. */
    public void close() {
        admission.post(() -> admission.leave(this));
    }
}
