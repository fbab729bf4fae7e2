package io.sluice.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import static io.sluice.observability.MetricNames.meterName;

/**
 * The meters behind {@link MetricNames}. Histogram buckets follow vLLM's, stretched at the fast end for the small
 * models a CPU serves, so dashboards built for either read the same way.
 */
@ApplicationScoped
public class ServingMetrics {

    private static final double[] FIRST_TOKEN = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
            1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] BETWEEN_TOKENS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3,
            0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    private static final double[] REQUEST = {0.1, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
            40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

    private final MeterRegistry registry;
    private final Timer timeToFirstToken;
    private final Timer interTokenLatency;
    private final Timer e2eLatency;
    private final Timer queueTime;
    private final Counter promptTokens;
    private final Counter generationTokens;
    private final Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();
    private final Map<AbortReason, Counter> aborted = new EnumMap<>(AbortReason.class);

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        timeToFirstToken = timer(MetricNames.TIME_TO_FIRST_TOKEN_SECONDS,
                "Time from a request's arrival to its first generated token", FIRST_TOKEN);
        interTokenLatency = timer(MetricNames.INTER_TOKEN_LATENCY_SECONDS,
                "Time between consecutive tokens of one choice", BETWEEN_TOKENS);
        e2eLatency = timer(MetricNames.E2E_REQUEST_LATENCY_SECONDS,
                "Time from a request's arrival to the end of its complete answer", REQUEST);
        queueTime = timer(MetricNames.REQUEST_QUEUE_TIME_SECONDS,
                "Time a request waited in the admission queue", REQUEST);
        promptTokens = Counter.builder(meterName(MetricNames.PROMPT_TOKENS_TOTAL))
                .description("Prompt tokens of requests that started running").register(registry);
        generationTokens = Counter.builder(meterName(MetricNames.GENERATION_TOKENS_TOTAL))
                .description("Tokens generated").register(registry);
        for (AbortReason reason : AbortReason.values()) {
            aborted.put(reason, Counter.builder(meterName(MetricNames.REQUESTS_ABORTED_TOTAL))
                    .description("Requests ended before their answer was complete")
                    .tag(MetricNames.REASON, reason.label()).register(registry));
        }
        status(200); // present from the start, so a dashboard's rate() has a series before the first request
    }

    /** Starts the trace of one generation request. */
    public RequestTrace trace(String requestId, String endpoint) {
        return new RequestTrace(this, requestId, endpoint);
    }

    /** Registers a gauge read from {@code source} at each scrape (held strongly: sources are application beans). */
    public <T> void gauge(String name, String help, T source, ToDoubleFunction<T> value) {
        Gauge.builder(meterName(name), source, value).description(help).strongReference(true).register(registry);
    }

    void timeToFirstToken(long nanos) {
        timeToFirstToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    void interTokenLatency(long nanos) {
        interTokenLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void e2eLatency(long nanos) {
        e2eLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void queueTime(long nanos) {
        queueTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void promptTokens(int count) {
        promptTokens.increment(count);
    }

    void generationTokens(int count) {
        generationTokens.increment(count);
    }

    void finished(int status) {
        status(status).increment();
    }

    void aborted(AbortReason reason) {
        aborted.get(reason).increment();
    }

    private Counter status(int status) {
        return byStatus.computeIfAbsent(status, s -> Counter.builder(meterName(MetricNames.REQUESTS_TOTAL))
                .description("Generation requests by HTTP status (499: the client went first)")
                .tag(MetricNames.STATUS, Integer.toString(s)).register(registry));
    }

    private Timer timer(String name, String help, double[] bucketsSeconds) {
        Duration[] buckets = Arrays.stream(bucketsSeconds)
                .mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
        return Timer.builder(meterName(name)).description(help).serviceLevelObjectives(buckets).register(registry);
    }
}
