package io.sluice.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How streamed answers treat quiet periods and slow readers. */
@ConfigMapping(prefix = "sluice.stream")
public interface StreamConfig {

    /**
     * A {@code : keep-alive} comment goes out after this long without a write (queued, prefilling, or a slow model),
     * so proxies and load balancers with idle timeouts keep the connection open.
     */
    @WithDefault("15s")
    Duration heartbeat();

    /**
     * How long a client may leave its stream's buffer full without reading before the request is aborted
     * ({@code slow_consumer}) and its sequence freed.
     */
    @WithDefault("30s")
    Duration writeStallTimeout();

    /**
     * Bytes a stream may have waiting for a slow client before it stops taking the engine's output: the bound on
     * one request's outgoing buffer (beyond the kernel's socket buffers).
     */
    @WithDefault("64K")
    MemorySize writeBuffer();
}
