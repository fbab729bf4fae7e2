package io.sluice.observability;

import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One generation request's timeline, from arrival to its end: feeds the histograms and counters, and writes the
 * request's one log line (category {@code io.sluice.requests}, INFO) naming it by id, never by content.
 */
public final class RequestTrace {

    private static final Logger LOG = Logger.getLogger("io.sluice.requests");
    /** The status a request is counted under when the client left before the answer ended (nginx's convention). */
    public static final int CLIENT_CLOSED = 499;

    private final ServingMetrics metrics;
    private final String id;
    private final String endpoint;
    private final long arrival = System.nanoTime();
    private final AtomicLong firstToken = new AtomicLong();
    private final AtomicInteger generated = new AtomicInteger();
    private final AtomicReference<AbortReason> abort = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile String model;
    private volatile int promptTokens = -1;
    private volatile long granted;
    private volatile int errorStatus;

    RequestTrace(ServingMetrics metrics, String id, String endpoint) {
        this.metrics = metrics;
        this.id = id;
        this.endpoint = endpoint;
    }

    public String id() {
        return id;
    }

    /** The request is tokenized and routed. */
    public void prepared(String modelId, int prompt) {
        this.model = modelId;
        this.promptTokens = prompt;
    }

    /** The request left the admission queue and its sequences went to the engine. */
    public void granted() {
        long now = System.nanoTime();
        granted = now;
        metrics.queueTime(now - arrival);
        if (promptTokens > 0) {
            metrics.promptTokens(promptTokens);
        }
    }

    /** Tokens generated so far, every choice counted. */
    public int generatedTokens() {
        return generated.get();
    }

    /** A timer for one choice's tokens. Owned by that choice's stream (its signals are serialized). */
    public ChoiceTimer choice() {
        return new ChoiceTimer();
    }

    /** Records why the request is ending early; the first reason given wins. */
    public void aborted(AbortReason reason) {
        abort.compareAndSet(null, reason);
    }

    /** The request failed after its status line went out (an error frame): count it under {@code status}. */
    public void failedInStream(int status) {
        errorStatus = status;
    }

    /**
     * The response is over. Counts the request once: under the status sent, or the in-stream error's status, or
     * {@value #CLIENT_CLOSED} when the client went first (a connection closed before the end is a disconnect unless
     * a reason was given).
     *
     * @param wireStatus the HTTP status sent (or set) on the response
     * @param complete   false when the connection closed before the response ended
     */
    public void end(int wireStatus, boolean complete) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        long now = System.nanoTime();
        if (!complete) {
            abort.compareAndSet(null, AbortReason.CLIENT_DISCONNECT);
        }
        AbortReason reason = abort.get();
        int status;
        if (reason == AbortReason.CLIENT_DISCONNECT || reason == AbortReason.SLOW_CONSUMER) {
            status = CLIENT_CLOSED;
        } else if (errorStatus != 0) {
            status = errorStatus;
        } else {
            status = wireStatus;
        }
        metrics.finished(status);
        if (reason != null) {
            metrics.aborted(reason);
        } else if (status == 200) {
            metrics.e2eLatency(now - arrival);
        }
        if (LOG.isInfoEnabled()) {
            LOG.infof("request %s %s model=%s status=%d%s prompt_tokens=%d generated_tokens=%d queue_ms=%s "
                            + "ttft_ms=%s total_ms=%d", id, endpoint, model == null ? "-" : model, status,
                    reason == null ? "" : " aborted=" + reason.label(), Math.max(promptTokens, 0), generated.get(),
                    granted == 0 ? "-" : Long.toString((granted - arrival) / 1_000_000),
                    firstToken.get() == 0 ? "-" : Long.toString((firstToken.get() - arrival) / 1_000_000),
                    (now - arrival) / 1_000_000);
        }
    }

    /** Inter-token timing of one choice. */
    public final class ChoiceTimer {
        private long last;

        private ChoiceTimer() {
        }

        /** {@code count} tokens of this choice arrived from the engine. */
        public void tokens(int count) {
            if (count == 0) {
                return;
            }
            long now = System.nanoTime();
            if (firstToken.compareAndSet(0, now)) {
                metrics.timeToFirstToken(now - arrival);
            }
            if (last != 0) {
                metrics.interTokenLatency(now - last);
            }
            last = now;
            generated.addAndGet(count);
            metrics.generationTokens(count);
        }
    }
}
