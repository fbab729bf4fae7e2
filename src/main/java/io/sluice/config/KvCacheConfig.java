package io.sluice.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.OptionalInt;

/** The embedded engine's paged KV cache. */
@ConfigMapping(prefix = "sluice.kvcache")
public interface KvCacheConfig {

    /**
     * Memory for the KV pool (fp16 keys and values of every layer). The pool holds
     * {@code memory / (4 * layers * kv-width)} token slots, at most {@code context * scheduler.max-running}.
     */
    @WithDefault("512M")
    MemorySize memory();

    /** Token slots in the pool; when set it wins over {@link #memory()}. */
    OptionalInt tokens();

    /** Token slots per block: the unit of allocation and of prefix sharing. */
    @WithDefault("16")
    int blockSize();
}
