package io.sluice.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.config.ApiConfig;
import io.sluice.config.EngineConfig;
import io.sluice.config.ServedModelConfig;
import io.sluice.testing.FakeEngineProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config mappings load, and their defaults are the ones the README's table promises. */
@QuarkusTest
@TestProfile(FakeEngineProfile.class)
class ConfigDefaultsTest {

    @Inject
    ServedModelConfig model;

    @Inject
    EngineConfig engine;

    @Inject
    ApiConfig api;

    @Test
    void defaults() {
        assertTrue(model.path().isEmpty());
        assertTrue(model.name().isEmpty());
        assertTrue(engine.threads().isEmpty());
        assertEquals(Runtime.getRuntime().availableProcessors(), engine.effectiveThreads());
        assertEquals(8, api.maxChoices());
        assertEquals(FakeEngineProfile.MAX_BODY, api.maxBodySize().asLongValue()); // the profile's override
    }
}
