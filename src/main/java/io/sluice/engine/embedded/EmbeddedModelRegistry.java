package io.sluice.engine.embedded;

import io.quarkus.arc.DefaultBean;
import io.sluice.config.EngineConfig;
import io.sluice.config.KvCacheConfig;
import io.sluice.config.SchedulerConfig;
import io.sluice.config.ServedModelConfig;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kvcache.KvCache;
import io.sluice.engine.spi.GenerationEngine;
import io.sluice.engine.spi.ModelCard;
import io.sluice.engine.spi.ModelRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Serves one embedded model: the GGUF file named by {@code sluice.model.path}, or the bundled demo model when none
 * is named. Loaded when the bean is created, which {@link io.sluice.pipeline.ModelsAtStartup} does at start-up,
 * before the HTTP server takes requests. A default bean, so a test profile or a future remote-pool registry can
 * replace it (and then it is never created, so nothing is loaded).
 */
@DefaultBean
@ApplicationScoped
public class EmbeddedModelRegistry implements ModelRegistry {

    private static final Logger LOG = Logger.getLogger(EmbeddedModelRegistry.class);

    private final ServedModelConfig modelConfig;
    private final EngineConfig engineConfig;
    private final KvCacheConfig kvConfig;
    private final SchedulerConfig schedulerConfig;
    private volatile EmbeddedEngine engine;

    EmbeddedModelRegistry(ServedModelConfig modelConfig, EngineConfig engineConfig, KvCacheConfig kvConfig,
                          SchedulerConfig schedulerConfig) {
        this.modelConfig = modelConfig;
        this.engineConfig = engineConfig;
        this.kvConfig = kvConfig;
        this.schedulerConfig = schedulerConfig;
    }

    /** Loads the model; {@link io.sluice.pipeline.ModelsAtStartup} makes this happen before requests arrive. */
    @PostConstruct
    void load() {
        Path path = modelConfig.path().orElseGet(this::bundledModel);
        KernelPool pool = new KernelPool(engineConfig.effectiveThreads());
        EmbeddedModel model = EmbeddedModel.load(path, pool);
        String id = modelConfig.name().orElse(modelConfig.path().isPresent() ? model.config().name() : BundledModel.ID);
        int maxRunning = schedulerConfig.maxRunning();
        long bytesPerToken = KvCache.bytesPerToken(model.config().layers(), model.config().kvWidth());
        long tokens = kvConfig.tokens().isPresent() ? kvConfig.tokens().getAsInt()
                : Math.min(kvConfig.memory().asLongValue() / bytesPerToken,
                        (long) model.config().contextLength() * maxRunning);
        int kvTokens = (int) Math.max(kvConfig.blockSize(), Math.min(tokens, Integer.MAX_VALUE / 2));
        engine = new EmbeddedEngine(model, id, pool, new EmbeddedEngine.Options(kvTokens, kvConfig.blockSize(),
                maxRunning, schedulerConfig.maxStepTokens()));
        LOG.infof("serving %s as '%s': context %d tokens, KV pool %d tokens (%,d bytes), %d sequences per batch",
                path, id, engine.card().contextLength(), kvTokens, kvTokens * bytesPerToken, maxRunning);
    }

    private Path bundledModel() {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "sluice", "models");
        return BundledModel.extract(cache).orElseThrow(() -> new IllegalStateException(
                "no model configured (sluice.model.path) and this build carries no bundled model"));
    }

    @PreDestroy
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** The engine, once loaded. */
    public Optional<EmbeddedEngine> engine() {
        return Optional.ofNullable(engine);
    }

    @Override
    public Optional<GenerationEngine> find(String modelId) {
        EmbeddedEngine e = engine;
        return e != null && e.card().id().equals(modelId) ? Optional.of(e) : Optional.empty();
    }

    @Override
    public List<ModelCard> models() {
        EmbeddedEngine e = engine;
        return e == null ? List.of() : List.of(e.card());
    }
}
