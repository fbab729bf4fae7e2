package io.sluice.engine.spi;

import java.util.List;
import java.util.Optional;

/**
 * The models this server serves, by the id clients send. Implemented as a CDI bean by whoever loads the engines;
 * the pipeline routes each request through it.
 */
public interface ModelRegistry {

    /** The engine serving {@code modelId}, if any. */
    Optional<GenerationEngine> find(String modelId);

    /** Every served model, in a stable order (the first is the default for clients that omit the model). */
    List<ModelCard> models();
}
