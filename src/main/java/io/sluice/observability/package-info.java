/**
 * What operators see: every metric name in one place ({@link io.sluice.observability.MetricNames}), the meters
 * behind them ({@link io.sluice.observability.ServingMetrics}), one request's timings and its one log line
 * ({@link io.sluice.observability.RequestTrace}), and log hygiene ({@link io.sluice.observability.LogSafe}).
 * Records what happened; decides nothing.
 *
 * <p>Logging rules: requests are named by their id; prompt and completion text is never logged; anything a client
 * controls goes through {@link io.sluice.observability.LogSafe} first, so a newline in it cannot forge a log line.
 *
 * <p>Threading: meters are thread-safe. A {@code RequestTrace} is written from the request's event loop, its
 * engine thread and the admission thread; every field that crosses threads is volatile or atomic.
 */
package io.sluice.observability;
