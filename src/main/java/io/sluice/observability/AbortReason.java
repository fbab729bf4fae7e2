package io.sluice.observability;

/** Why a request ended before its answer was complete; {@link #label()} is the metric's {@code reason} label. */
public enum AbortReason {
    /** The client closed the connection. */
    CLIENT_DISCONNECT("client_disconnect"),
    /** The client left its stream's buffer full for longer than {@code sluice.stream.write-stall-timeout}. */
    SLOW_CONSUMER("slow_consumer"),
    /** The request waited longer than {@code sluice.admission.queue-timeout} for a place. */
    QUEUE_TIMEOUT("queue_timeout"),
    /** The server was draining and the request did not finish within {@code sluice.shutdown.timeout}. */
    SHUTDOWN("shutdown");

    private final String label;

    AbortReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
