package io.sluice.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link ServingProfile} with a three-second drain. A drain cannot be undone, so the test that drains runs alone in
 * this profile (its own application).
 */
public class DrainProfile extends ServingProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("sluice.shutdown.timeout", "3s");
        return config;
    }
}
