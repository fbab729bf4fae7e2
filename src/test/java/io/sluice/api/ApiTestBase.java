package io.sluice.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.sluice.testing.FakeEngine;
import io.sluice.testing.FakeModelRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;

/** What every API-layer test class needs: the server's address and a freshly reset fake engine. */
abstract class ApiTestBase {

    @TestHTTPResource("/")
    URI base;

    @Inject
    FakeModelRegistry registry;

    FakeEngine engine;

    @BeforeEach
    void resetFake() {
        registry.serving(true);
        engine = registry.engine();
        engine.reset();
    }
}
