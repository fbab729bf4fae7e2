package io.sluice.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Graceful drain on SIGTERM. */
@ConfigMapping(prefix = "sluice.shutdown")
public interface ShutdownConfig {

    /**
     * How long running requests may take to finish after SIGTERM; the rest then end with an error frame. Keep it
     * under the orchestrator's grace period (Kubernetes: 30 s by default), which ends in SIGKILL.
     */
    @WithDefault("25s")
    Duration timeout();
}
