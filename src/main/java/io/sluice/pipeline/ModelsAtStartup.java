package io.sluice.pipeline;

import io.quarkus.runtime.Startup;
import io.sluice.engine.spi.GenerationEngine;
import io.sluice.engine.spi.ModelCard;
import io.sluice.engine.spi.ModelRegistry;
import io.sluice.observability.MetricNames;
import io.sluice.observability.ServingMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Creates the model registry at start-up, so that whichever registry is in force loads its models before the first
 * request instead of during it (loading blocks, and the first caller might be on the event loop). Readiness waits for
 * {@link #loaded()}; the KV cache gauge reads the loaded engines.
 */
@Startup
@ApplicationScoped
public class ModelsAtStartup {

    private static final Logger LOG = Logger.getLogger(ModelsAtStartup.class);

    private final ModelRegistry registry;
    private final ServingMetrics metrics;
    private volatile boolean loaded;

    ModelsAtStartup(ModelRegistry registry, ServingMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @PostConstruct
    void load() {
        LOG.infof("serving models: %s", registry.models().stream().map(ModelCard::id).toList());
        loaded = true;
        metrics.gauge(MetricNames.KV_CACHE_USAGE_RATIO, "Share of the KV cache in use (the most loaded engine)",
                this, ModelsAtStartup::kvCacheUsage);
    }

    /** True once the registry has loaded its models (a failed load fails start-up instead). */
    public boolean loaded() {
        return loaded;
    }

    private double kvCacheUsage() {
        double most = 0;
        for (ModelCard card : registry.models()) {
            GenerationEngine engine = registry.find(card.id()).orElse(null);
            if (engine != null) {
                most = Math.max(most, engine.load().kvCacheUsage());
            }
        }
        return most;
    }
}
