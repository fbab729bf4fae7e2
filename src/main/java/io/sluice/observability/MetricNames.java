package io.sluice.observability;

/**
 * Every metric Sluice exports, as Prometheus shows it at {@code /q/metrics}. These names are a public contract
 * (dashboards and alerts depend on them): never rename one. Micrometer adds the Prometheus suffixes itself
 * ({@code _total} to counters, {@code _seconds} to timers), so each meter is registered under its name without the
 * suffix; {@link #meterName} does that in one place.
 */
public final class MetricNames {

    /** Gauge: requests whose sequences are in the engine now. */
    public static final String REQUESTS_RUNNING = "sluice_requests_running";
    /** Gauge: requests waiting in the admission queue. */
    public static final String REQUESTS_WAITING = "sluice_requests_waiting";
    /** Gauge: share of the KV cache's blocks in use, 0 to 1 (the most loaded engine's). */
    public static final String KV_CACHE_USAGE_RATIO = "sluice_kv_cache_usage_ratio";

    /** Histogram: arrival to the first generated token. */
    public static final String TIME_TO_FIRST_TOKEN_SECONDS = "sluice_time_to_first_token_seconds";
    /** Histogram: between consecutive tokens of one choice. */
    public static final String INTER_TOKEN_LATENCY_SECONDS = "sluice_inter_token_latency_seconds";
    /** Histogram: arrival to the end of a successful answer. */
    public static final String E2E_REQUEST_LATENCY_SECONDS = "sluice_e2e_request_latency_seconds";
    /** Histogram: time in the admission queue. */
    public static final String REQUEST_QUEUE_TIME_SECONDS = "sluice_request_queue_time_seconds";

    /** Counter: prompt tokens of requests that started running (once per request, whatever {@code n}). */
    public static final String PROMPT_TOKENS_TOTAL = "sluice_prompt_tokens_total";
    /** Counter: tokens generated, every choice counted. */
    public static final String GENERATION_TOKENS_TOTAL = "sluice_generation_tokens_total";
    /** Counter: generation requests by {@value #STATUS} (the HTTP status; 499 when the client went first). */
    public static final String REQUESTS_TOTAL = "sluice_requests_total";
    /** Counter: requests ended before their answer was complete, by {@value #REASON}. */
    public static final String REQUESTS_ABORTED_TOTAL = "sluice_requests_aborted_total";

    /** Label of {@link #REQUESTS_TOTAL}. */
    public static final String STATUS = "status";
    /** Label of {@link #REQUESTS_ABORTED_TOTAL}. */
    public static final String REASON = "reason";

    private MetricNames() {
    }

    /** The name to register a meter under so that Prometheus shows {@code exported}. */
    static String meterName(String exported) {
        if (exported.endsWith("_total")) {
            return exported.substring(0, exported.length() - "_total".length());
        }
        if (exported.endsWith("_seconds")) {
            return exported.substring(0, exported.length() - "_seconds".length());
        }
        return exported;
    }
}
