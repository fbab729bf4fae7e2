/**
 * The embedded engine: a GGUF model served from this JVM. {@link io.sluice.engine.embedded.EmbeddedModel} loads a
 * file (config, weights, tokenizer, chat template); {@link io.sluice.engine.embedded.EmbeddedEngine} runs it behind
 * the {@link io.sluice.engine.spi.GenerationEngine} contract through the engine loop;
 * {@link io.sluice.engine.embedded.EmbeddedModelRegistry} is the CDI bean that loads the configured (or bundled)
 * model at start-up.
 *
 * <p>Threading: loading runs on the start-up thread; generation runs on the engine loop thread and its kernel pool;
 * the codec may be called from any worker thread, never for long work on the event loop.
 */
package io.sluice.engine.embedded;
