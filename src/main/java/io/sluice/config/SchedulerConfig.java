package io.sluice.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Continuous batching in the embedded engine. */
@ConfigMapping(prefix = "sluice.scheduler")
public interface SchedulerConfig {

    /** Sequences in the running batch at once (a request with {@code n > 1} counts n). */
    @WithDefault("16")
    int maxRunning();

    /**
     * Tokens per forward pass: decode tokens plus prefill chunks. Long prompts are split into chunks of what is left
     * after the running sequences' decode tokens, so they do not freeze other streams.
     */
    @WithDefault("512")
    int maxStepTokens();
}
