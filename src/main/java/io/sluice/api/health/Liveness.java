package io.sluice.api.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The process can answer: the HTTP server and its event loops work. Deliberately nothing more, since a busy engine
 * (a long prefill, a full batch) is not a reason to be restarted.
 */
@org.eclipse.microprofile.health.Liveness
@ApplicationScoped
public class Liveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("sluice");
    }
}
