package io.sluice.config;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** Which web pages on other origins may call the API from a browser. */
@ConfigMapping(prefix = "sluice.cors")
public interface CorsConfig {

    /**
     * Allowed origins, exactly as browsers send them ({@code https://chat.example.com}), comma-separated; {@code *}
     * allows any. Absent: none (same-origin pages, such as the bundled chat page, need no entry).
     */
    Optional<List<String>> origins();
}
