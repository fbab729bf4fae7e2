package io.sluice.api.auth;

import io.quarkus.runtime.Startup;
import io.sluice.config.AuthConfig;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys in force. Only hashes are kept: a heap dump or a log does not reveal a key. A presented key is
 * hashed and compared with every stored hash, without stopping at a match, so the time taken says nothing about
 * which key (or how much of one) matched.
 *
 * <p>The key file is checked every {@value #RELOAD_MILLIS} ms (size and modification time) and reread when it
 * changed, so keys can be added or revoked without a restart. A file that cannot be read at start-up fails the
 * start; one that cannot be read later keeps the previous keys (a half-written file must not lock everyone out or
 * let everyone in).
 */
@Startup // the warning (or a key file that cannot be read) belongs to start-up, not to the first request
@ApplicationScoped
public class ApiKeys {

    static final long RELOAD_MILLIS = 1000;
    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private record FileStamp(long size, java.time.Instant modified) {
    }

    private final AuthConfig config;
    private final Vertx vertx;
    private volatile List<byte[]> hashes = List.of();
    private List<byte[]> inline = List.of();
    private FileStamp stamp;

    public ApiKeys(AuthConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    @PostConstruct
    void load() {
        inline = config.apiKeys().orElse(List.of()).stream().map(String::trim).filter(k -> !k.isEmpty())
                .map(ApiKeys::sha256).toList();
        if (open()) {
            LOG.warn("No API keys configured (sluice.auth.api-keys, sluice.auth.api-keys-file): the API is open to "
                    + "anyone who can reach it");
            return;
        }
        Optional<Path> file = config.apiKeysFile();
        if (file.isPresent()) {
            try {
                reload(file.get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the API key file " + file.get(), e);
            }
            vertx.setPeriodic(RELOAD_MILLIS, id -> vertx.executeBlocking(() -> {
                try {
                    reload(file.get());
                } catch (IOException e) {
                    LOG.warnf("cannot read the API key file %s (%s); keeping the %d keys loaded before",
                            file.get(), e.getMessage(), hashes.size());
                }
                return null;
            }, false));
        } else {
            hashes = inline;
        }
        LOG.infof("API keys required: %d configured", hashes.size());
    }

    /** True when no keys are configured at all: every request is let through. */
    public boolean open() {
        return config.apiKeys().isEmpty() && config.apiKeysFile().isEmpty();
    }

    /**
     * The id of the key an {@code Authorization} header carries ({@code Bearer <key>}, the scheme in any case), or
     * empty when it carries none of the keys in force. The id (a prefix of the key's hash) names the key for
     * per-key limits; it is not the key.
     */
    public Optional<String> authenticate(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String key = authorization.substring(7).trim();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(key);
        byte[] match = null;
        for (byte[] hash : hashes) {
            if (MessageDigest.isEqual(hash, presented)) {
                match = hash; // no early exit: every request compares against every key
            }
        }
        return match == null ? Optional.empty() : Optional.of(HexFormat.of().formatHex(match, 0, 8));
    }

    /** Rereads the key file if its size or modification time changed. On a worker thread (it does file I/O). */
    private synchronized void reload(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        FileStamp now = new FileStamp(attributes.size(), attributes.lastModifiedTime().toInstant());
        if (now.equals(stamp)) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String key = line.trim();
            if (!key.isEmpty() && !key.startsWith("#")) {
                keys.add(key);
            }
        }
        List<byte[]> next = new ArrayList<>(inline);
        keys.stream().map(ApiKeys::sha256).forEach(next::add);
        hashes = List.copyOf(next);
        if (stamp != null) {
            LOG.infof("API key file %s changed: %d keys in force", file, hashes.size());
        }
        stamp = now;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
