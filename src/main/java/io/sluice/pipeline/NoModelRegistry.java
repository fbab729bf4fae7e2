package io.sluice.pipeline;

import io.quarkus.arc.DefaultBean;
import io.sluice.engine.spi.GenerationEngine;
import io.sluice.engine.spi.ModelCard;
import io.sluice.engine.spi.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * The registry used when no engine provides one: it serves no models, so {@code /v1/models} is empty and every
 * generation is answered {@code model_not_found}. A server with no model is legitimate; any other
 * {@link ModelRegistry} bean replaces this one.
 */
@DefaultBean
@ApplicationScoped
public class NoModelRegistry implements ModelRegistry {

    @Override
    public Optional<GenerationEngine> find(String modelId) {
        return Optional.empty();
    }

    @Override
    public List<ModelCard> models() {
        return List.of();
    }
}
