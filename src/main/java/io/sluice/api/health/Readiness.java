package io.sluice.api.health;

import io.sluice.api.Drain;
import io.sluice.pipeline.ModelsAtStartup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** Ready to take traffic: the models are loaded and the server is not draining for shutdown. */
@org.eclipse.microprofile.health.Readiness
@ApplicationScoped
public class Readiness implements HealthCheck {

    private final ModelsAtStartup models;
    private final Drain drain;

    public Readiness(ModelsAtStartup models, Drain drain) {
        this.models = models;
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        boolean loaded = models.loaded();
        boolean draining = drain.draining();
        return HealthCheckResponse.named("sluice")
                .status(loaded && !draining)
                .withData("models_loaded", loaded)
                .withData("draining", draining)
                .build();
    }
}
