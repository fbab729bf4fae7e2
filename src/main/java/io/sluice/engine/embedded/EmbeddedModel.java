package io.sluice.engine.embedded;

import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufReader;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kernels.Kernels;
import io.sluice.engine.embedded.kernels.WeightMatrices;
import io.sluice.engine.embedded.model.ModelConfig;
import io.sluice.engine.embedded.model.ModelWeights;
import io.sluice.engine.embedded.template.ChatTemplate;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.embedded.tokenizer.Tokenizers;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Everything read from one GGUF file: hyper-parameters, weights (copied into JVM-owned memory), tokenizer and chat
 * template. The file is closed once loaded.
 */
public record EmbeddedModel(Path path, ModelConfig config, ModelWeights weights, Tokenizer tokenizer,
                            ChatTemplate template) {

    private static final Logger LOG = Logger.getLogger(EmbeddedModel.class);

    /** Loads {@code path}; malformed or unsupported files fail with a message naming the file and the culprit. */
    public static EmbeddedModel load(Path path, KernelPool pool) {
        long start = System.nanoTime();
        try (GgufFile file = GgufReader.open(path)) {
            ModelConfig config = ModelConfig.from(file);
            Tokenizer tokenizer = Tokenizers.fromGguf(file.metadata());
            if (tokenizer.size() != config.vocabSize()) {
                LOG.warnf("%s: tokenizer has %d tokens, the output projection %d rows", path, tokenizer.size(),
                        config.vocabSize());
            }
            String bos = tokenizer.bos().isPresent() ? tokenizer.piece(tokenizer.bos().getAsInt()) : null;
            String eos = tokenizer.eos().isPresent() ? tokenizer.piece(tokenizer.eos().getAsInt()) : null;
            ChatTemplate template = ChatTemplate.fromGguf(file.metadata(), bos, eos);
            ModelWeights weights = ModelWeights.load(file, config, pool);
            // Compile the vector kernels of the types present now, not during the first request.
            WeightMatrices.warmUp(weights.matrixTypes(), pool);
            LOG.infof("loaded %s (%s, %d layers, width %d, vocabulary %d) in %d ms: %,d bytes of weights resident, "
                            + "kernels %s, %d threads", config.name(), config.architecture(), config.layers(),
                    config.dim(), config.vocabSize(), (System.nanoTime() - start) / 1_000_000,
                    weights.residentBytes(), Kernels.backend(), pool.threads());
            return new EmbeddedModel(path, config, weights, tokenizer, template);
        }
    }
}
