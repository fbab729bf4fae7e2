package io.sluice.api;

import io.sluice.config.ShutdownConfig;
import io.sluice.observability.AbortReason;
import io.sluice.pipeline.Admission;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Graceful drain, the first half of a SIGTERM: readiness goes down, new API requests get 503 with
 * {@code Retry-After} (and {@code Connection: close}, so keep-alive clients reconnect elsewhere), queued requests are
 * sent away, and running ones get {@code sluice.shutdown.timeout} to finish; whatever is still running then ends with
 * an error frame (reason {@code shutdown}). {@link SigtermDrain} runs it and then stops the application.
 *
 * <p>Threading: the in-flight set is concurrent (event loops add and remove, the drain thread reads); the flag is
 * volatile. {@link #run} blocks, on the drain's own thread.
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);
    /** After the aborts, how long the error frames get to reach their clients. */
    private static final Duration FLUSH = Duration.ofSeconds(2);

    private final Admission admission;
    private final Duration timeout;
    private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    public Drain(Admission admission, ShutdownConfig config) {
        this.admission = admission;
        this.timeout = config.timeout();
    }

    /** True once the drain began: readiness is down and new requests are refused. */
    public boolean draining() {
        return draining;
    }

    /** API requests under way (from the gate to the end of their response). */
    public int inFlight() {
        return inFlight.size();
    }

    void track(Exchange exchange) {
        inFlight.add(exchange);
    }

    void untrack(Exchange exchange) {
        inFlight.remove(exchange);
    }

    /** Drains, blocking the calling thread (never an event loop) for at most the timeout plus a short flush. */
    public void run() {
        if (draining) {
            return;
        }
        draining = true;
        admission.drain();
        LOG.infof("draining: %d requests in flight get up to %d ms to finish", inFlight.size(), timeout.toMillis());
        if (!await(timeout)) {
            List<Exchange> left = List.copyOf(inFlight);
            LOG.warnf("drain timeout: ending %d requests that are still running", left.size());
            for (Exchange exchange : left) {
                exchange.abort(AbortReason.SHUTDOWN);
            }
            await(FLUSH);
        }
        LOG.infof("drained: %d requests left in flight", inFlight.size());
    }

    private boolean await(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return inFlight.isEmpty();
    }
}
