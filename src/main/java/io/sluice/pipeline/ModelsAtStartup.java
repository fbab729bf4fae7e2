package io.sluice.pipeline;

import io.quarkus.runtime.Startup;
import io.sluice.engine.spi.ModelRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Creates the model registry at start-up, so that whichever registry is in force loads its models before the first
 * request instead of during it (loading blocks, and the first caller might be on the event loop).
 */
@Startup
@ApplicationScoped
class ModelsAtStartup {

    private static final Logger LOG = Logger.getLogger(ModelsAtStartup.class);

    private final ModelRegistry registry;

    ModelsAtStartup(ModelRegistry registry) {
        this.registry = registry;
    }

    @PostConstruct
    void load() {
        LOG.infof("serving models: %s", registry.models().stream().map(m -> m.id()).toList());
    }
}
