package io.sluice.api.openai;

import io.sluice.engine.spi.ModelCard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code system_fingerprint}: OpenAI's promise is that it changes when the backend changes in a way that can change
 * results for a fixed seed. Ours hashes the Sluice version with the model id and context length, so it is stable
 * across restarts of the same build and model (the card's {@code created} is a load time, so it is left out).
 */
public final class Fingerprints {

    private final String version;
    private final Map<String, String> byModel = new ConcurrentHashMap<>();

    public Fingerprints(String version) {
        this.version = version;
    }

    public String of(ModelCard card) {
        return byModel.computeIfAbsent(card.id() + "\u0000" + card.contextLength(), key -> {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest((version + "\u0000" + key).getBytes(StandardCharsets.UTF_8));
                return "fp_" + HexFormat.of().formatHex(digest, 0, 5);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        });
    }
}
