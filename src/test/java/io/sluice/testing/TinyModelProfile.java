package io.sluice.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.sluice.engine.embedded.testing.TestModels;

import java.util.Map;

/** Runs the application with the real embedded engine on a tiny generated model: the end-to-end tests' profile. */
public class TinyModelProfile implements QuarkusTestProfile {

    public static final String MODEL = "tiny-chat";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "sluice.model.path", TestModels.tinyChatModel().toString(),
                "sluice.model.name", MODEL,
                "sluice.engine.threads", "2");
    }
}
