package io.sluice.config;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.Optional;

/** Which model the embedded engine serves. */
@ConfigMapping(prefix = "sluice.model")
public interface ServedModelConfig {

    /** The GGUF file to load. Absent: the bundled demo model. */
    Optional<Path> path();

    /** The id clients send in {@code model}. Absent: the GGUF {@code general.name}. */
    Optional<String> name();
}
