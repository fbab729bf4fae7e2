/**
 * What an engine implements and what the pipeline may call: a model card, a prompt codec (text and chat messages to
 * token ids, token ids to bytes) and {@link io.sluice.engine.spi.GenerationEngine#generate} which turns one prompt
 * into a stream of token ids.
 *
 * <p>Threading: every method here may be called from any thread except the Vert.x event loop for
 * {@link io.sluice.engine.spi.PromptCodec} work on long prompts (tokenizing is CPU work). {@code generate} itself
 * never blocks: it hands the sequence to the engine's own threads and returns at once. Events are emitted from the
 * engine's thread; subscribers must not block it. Cancelling the subscription aborts the sequence.
 *
 * <p>Nothing in this package depends on an implementation.
 */
package io.sluice.engine.spi;
