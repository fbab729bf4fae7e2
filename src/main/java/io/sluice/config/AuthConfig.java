package io.sluice.config;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * API keys and per-key limits. With neither a key file nor inline keys the API is open (a warning says so at
 * start-up); once either is set, every API request needs {@code Authorization: Bearer <key>}, even if the file is
 * empty.
 */
@ConfigMapping(prefix = "sluice.auth")
public interface AuthConfig {

    /** A file with one key per line (blank lines and lines starting with {@code #} ignored), reread on change. */
    Optional<Path> apiKeysFile();

    /** Keys given inline, comma-separated (env {@code SLUICE_AUTH_API_KEYS}). */
    Optional<List<String>> apiKeys();

    /** Requests each key may start per minute (a token bucket: bursts up to the limit). Absent: no limit. */
    OptionalInt requestsPerMinute();

    /**
     * Tokens (prompt plus generated) each key may use per minute. A request is refused when its prompt does not fit
     * what is left; the tokens it generates are charged when it ends. Absent: no limit.
     */
    OptionalInt tokensPerMinute();
}
