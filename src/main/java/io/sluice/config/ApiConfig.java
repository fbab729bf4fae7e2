package io.sluice.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the HTTP API. */
@ConfigMapping(prefix = "sluice.api")
public interface ApiConfig {

    /**
     * The largest request body accepted by the OpenAI routes; larger bodies get 413 before any parsing. 8 MiB holds
     * a 128k-token prompt with JSON escaping to spare.
     */
    @WithDefault("8M")
    MemorySize maxBodySize();

    /** The most choices ({@code n}) one request may ask for; each choice is a sequence in the engine. */
    @WithDefault("8")
    int maxChoices();
}
