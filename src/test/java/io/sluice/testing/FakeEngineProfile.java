package io.sluice.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.Set;

/** Runs the application with the fake engine in place of any real one: the API-layer tests' profile. */
public class FakeEngineProfile implements QuarkusTestProfile {

    /** Small, so the body-limit test need not send megabytes. */
    public static final int MAX_BODY = 64 * 1024;

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FakeModelRegistry.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sluice.api.max-body-size", Integer.toString(MAX_BODY));
    }
}
