package io.sluice.config;

import io.smallrye.config.ConfigMapping;

import java.util.OptionalInt;

/** How the embedded engine uses the machine. */
@ConfigMapping(prefix = "sluice.engine")
public interface EngineConfig {

    /** Threads for the forward pass. Absent: every available processor (see {@link #effectiveThreads()}). */
    OptionalInt threads();

    /** The configured thread count, or the number of available processors. */
    default int effectiveThreads() {
        return threads().orElse(Runtime.getRuntime().availableProcessors());
    }
}
