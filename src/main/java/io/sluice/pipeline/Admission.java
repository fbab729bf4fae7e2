package io.sluice.pipeline;

import io.sluice.config.AdmissionConfig;
import io.sluice.config.SchedulerConfig;
import io.sluice.observability.MetricNames;
import io.sluice.observability.RequestTrace;
import io.sluice.observability.ServingMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.sluice.pipeline.BadParameterException.Problem.INVALID_VALUE;

/**
 * The gate in front of the engine: at most {@code sluice.scheduler.max-running} sequences run (a request with
 * {@code n} choices takes n places); others wait first-come first-served in a queue bounded by
 * {@code sluice.admission.max-queued} requests and {@code max-queued-tokens} prompt tokens, each for at most
 * {@code queue-timeout}. A request that does not fit is refused at once ({@link QueueFullException}), before the API
 * has sent anything, so the client gets a clean 429.
 *
 * <p>Strict FIFO: a request needing more places than are free blocks the ones behind it, so a request with
 * {@code n = 8} is not starved by a stream of {@code n = 1} requests.
 *
 * <p>Threading: all state belongs to the single {@code sluice-admission} thread; every public method posts a command
 * to it and returns at once. The gauges are volatile copies it publishes after each command.
 */
@ApplicationScoped
public class Admission {

    private final GenerationService service;
    private final ServingMetrics metrics;
    private final int maxRunning;
    private final int maxQueued;
    private final int maxQueuedTokens;
    private final Duration queueTimeout;
    private final ScheduledExecutorService owner = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("sluice-admission").daemon(true).unstarted(r));

    // Owned by the admission thread.
    private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
    private int free;
    private int queuedTokens;
    private int running;
    private boolean draining;

    private volatile int runningGauge;
    private volatile int waitingGauge;

    public Admission(GenerationService service, ServingMetrics metrics, SchedulerConfig scheduler,
                     AdmissionConfig config) {
        this.service = service;
        this.metrics = metrics;
        this.maxRunning = scheduler.maxRunning();
        this.free = maxRunning;
        this.maxQueued = config.maxQueued();
        this.maxQueuedTokens = config.maxQueuedTokens();
        this.queueTimeout = config.queueTimeout();
    }

    @PostConstruct
    void gauges() {
        metrics.gauge(MetricNames.REQUESTS_RUNNING, "Requests whose sequences are in the engine", this,
                Admission::running);
        metrics.gauge(MetricNames.REQUESTS_WAITING, "Requests waiting in the admission queue", this,
                Admission::waiting);
    }

    @PreDestroy
    void close() {
        owner.shutdownNow();
    }

    /**
     * Asks for places for {@code request}. The answer is a {@link Ticket} once the request runs or waits in the
     * queue, or a failure: {@link QueueFullException}, {@link ShuttingDownException}, or a
     * {@link BadParameterException} when {@code n} exceeds the batch. Completes on the admission thread.
     */
    public CompletionStage<Ticket> submit(GenerationRequest request, RequestTrace trace) {
        CompletableFuture<Ticket> answer = new CompletableFuture<>();
        if (request.n() > maxRunning) {
            answer.completeExceptionally(new BadParameterException("n", INVALID_VALUE, "Invalid value for 'n': "
                    + request.n() + " choices exceed this server's batch of " + maxRunning + " sequences."));
            return answer;
        }
        Ticket ticket = new Ticket(this, service, request, trace);
        post(() -> enter(ticket, answer));
        return answer;
    }

    /** Refuses new requests from now on and sends the queued ones away ({@link ShuttingDownException}). */
    public void drain() {
        post(() -> {
            draining = true;
            for (Ticket t : queue) {
                t.state = Ticket.State.DONE;
                if (t.timeout != null) {
                    t.timeout.cancel(false);
                }
                t.turn.completeExceptionally(new ShuttingDownException());
            }
            queue.clear();
            queuedTokens = 0;
            publish();
        });
    }

    /** Requests running now (as of the last command). */
    public int running() {
        return runningGauge;
    }

    /** Requests waiting now (as of the last command). */
    public int waiting() {
        return waitingGauge;
    }

    void post(Runnable command) {
        try {
            owner.execute(command);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shut down with the application: nothing is admitted or released any more
        }
    }

    private void enter(Ticket t, CompletableFuture<Ticket> answer) {
        if (draining) {
            answer.completeExceptionally(new ShuttingDownException());
            return;
        }
        if (queue.isEmpty() && free >= t.permits) {
            answer.complete(t);
            start(t);
        } else if (queue.size() >= maxQueued) {
            answer.completeExceptionally(new QueueFullException("The server is at capacity: " + queue.size()
                    + " requests are already waiting. Retry shortly."));
        } else if ((long) queuedTokens + t.tokens > maxQueuedTokens) {
            answer.completeExceptionally(new QueueFullException("The server is at capacity: the waiting requests "
                    + "hold " + queuedTokens + " prompt tokens, and this prompt's " + t.tokens + " would exceed "
                    + maxQueuedTokens + ". Retry shortly."));
        } else {
            t.state = Ticket.State.QUEUED;
            queue.addLast(t);
            queuedTokens += t.tokens;
            t.timeout = owner.schedule(() -> expire(t), queueTimeout.toNanos(), TimeUnit.NANOSECONDS);
            answer.complete(t);
        }
        publish();
    }

    /** The ticket's stream ended, was cancelled, or was never started: give back what it holds. */
    void leave(Ticket t) {
        switch (t.state) {
            case QUEUED -> {
                queue.remove(t);
                queuedTokens -= t.tokens;
                t.timeout.cancel(false);
                t.state = Ticket.State.DONE;
                pump(); // it may have been the head that blocked the others
            }
            case RUNNING -> {
                free += t.permits;
                running--;
                t.state = Ticket.State.DONE;
                pump();
            }
            case NEW, DONE -> t.state = Ticket.State.DONE;
        }
        publish();
    }

    private void expire(Ticket t) {
        if (t.state != Ticket.State.QUEUED) {
            return;
        }
        queue.remove(t);
        queuedTokens -= t.tokens;
        t.state = Ticket.State.DONE;
        t.turn.completeExceptionally(new QueueTimeoutException(queueTimeout));
        pump();
        publish();
    }

    private void pump() {
        while (!draining && !queue.isEmpty() && queue.peekFirst().permits <= free) {
            Ticket t = queue.pollFirst();
            queuedTokens -= t.tokens;
            t.timeout.cancel(false);
            start(t);
        }
    }

    private void start(Ticket t) {
        free -= t.permits;
        running++;
        t.state = Ticket.State.RUNNING;
        t.trace.granted();
        publish();
        t.turn.complete(null); // may subscribe to the engine right here: generate() never blocks
    }

    private void publish() {
        runningGauge = running;
        waitingGauge = queue.size();
    }
}
