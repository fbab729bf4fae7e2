package io.sluice.testing;

import io.sluice.engine.spi.GenerationEngine;
import io.sluice.engine.spi.ModelCard;
import io.sluice.engine.spi.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;
import java.util.Optional;

/**
 * Serves the {@link FakeEngine} as {@value FakeEngine#MODEL}. An alternative, enabled only by
 * {@link FakeEngineProfile}, so tests of the real engine are not affected.
 */
@Alternative
@ApplicationScoped
public class FakeModelRegistry implements ModelRegistry {

    private final FakeEngine engine = new FakeEngine();
    private volatile boolean serving = true;

    public FakeEngine engine() {
        return engine;
    }

    /** Switches to serving nothing (a server with no model) or back. */
    public void serving(boolean on) {
        serving = on;
    }

    @Override
    public Optional<GenerationEngine> find(String modelId) {
        return serving && FakeEngine.MODEL.equals(modelId) ? Optional.of(engine) : Optional.empty();
    }

    @Override
    public List<ModelCard> models() {
        return serving ? List.of(engine.card()) : List.of();
    }
}
