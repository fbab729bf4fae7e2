package io.sluice.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The application as the README's run command starts it: no model configured, so the bundled demo model is served
 * (copied once into {@code ~/.cache/sluice/models/}, as at any start).
 */
public class DefaultModelProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sluice.engine.threads", "2");
    }
}
