package io.sluice.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.config.AdmissionConfig;
import io.sluice.config.ApiConfig;
import io.sluice.config.AuthConfig;
import io.sluice.config.CorsConfig;
import io.sluice.config.EngineConfig;
import io.sluice.config.ServedModelConfig;
import io.sluice.config.ShutdownConfig;
import io.sluice.config.StreamConfig;
import io.sluice.testing.FakeEngineProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

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

    @Inject
    AdmissionConfig admission;

    @Inject
    StreamConfig stream;

    @Inject
    AuthConfig auth;

    @Inject
    CorsConfig cors;

    @Inject
    ShutdownConfig shutdown;

    @Test
    void defaults() {
        assertTrue(model.path().isEmpty());
        assertTrue(model.name().isEmpty());
        assertTrue(engine.threads().isEmpty());
        assertEquals(Runtime.getRuntime().availableProcessors(), engine.effectiveThreads());
        assertEquals(8, api.maxChoices());
        assertEquals(FakeEngineProfile.MAX_BODY, api.maxBodySize().asLongValue()); // the profile's override
    }

    @Test
    void servingDefaults() {
        assertEquals(256, admission.maxQueued());
        assertEquals(262_144, admission.maxQueuedTokens());
        assertEquals(Duration.ofSeconds(60), admission.queueTimeout());
        assertEquals(Duration.ofSeconds(15), stream.heartbeat());
        assertEquals(Duration.ofSeconds(30), stream.writeStallTimeout());
        assertEquals(64 * 1024, stream.writeBuffer().asLongValue());
        assertTrue(auth.apiKeys().isEmpty());
        assertTrue(auth.apiKeysFile().isEmpty());
        assertTrue(auth.requestsPerMinute().isEmpty());
        assertTrue(auth.tokensPerMinute().isEmpty());
        assertTrue(cors.origins().isEmpty());
        assertEquals(Duration.ofSeconds(25), shutdown.timeout());
    }
}
