package io.sluice.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.api.Drain;
import io.sluice.api.health.Readiness;
import io.sluice.config.AdmissionConfig;
import io.sluice.config.SchedulerConfig;
import io.sluice.config.ShutdownConfig;
import io.sluice.observability.ServingMetrics;
import io.sluice.testing.FakeModelRegistry;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Readiness without HTTP: down until the models are loaded, up after, down again once a drain begins. (The HTTP
 * server opens only after the models are loaded, so over HTTP the first state shows as no answer at all.)
 */
class ReadinessTest {

    @Test
    void notReadyUntilLoadedNorWhileDraining() {
        ServingMetrics metrics = new ServingMetrics(new SimpleMeterRegistry());
        ModelsAtStartup models = new ModelsAtStartup(new FakeModelRegistry(), metrics);
        SchedulerConfig scheduler = new SchedulerConfig() {
            @Override
            public int maxRunning() {
                return 4;
            }

            @Override
            public int maxStepTokens() {
                return 64;
            }
        };
        AdmissionConfig admissionConfig = new AdmissionConfig() {
            @Override
            public int maxQueued() {
                return 4;
            }

            @Override
            public int maxQueuedTokens() {
                return 1000;
            }

            @Override
            public Duration queueTimeout() {
                return Duration.ofSeconds(1);
            }
        };
        Admission admission = new Admission(new GenerationService(new FakeModelRegistry()), metrics, scheduler,
                admissionConfig);
        ShutdownConfig shutdown = () -> Duration.ZERO;
        Drain drain = new Drain(admission, shutdown);
        Readiness readiness = new Readiness(models, drain);
        try {
            assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus(), "not loaded yet");
            models.load();
            assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
            drain.run();
            assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus(), "draining");
        } finally {
            admission.close();
        }
    }
}
