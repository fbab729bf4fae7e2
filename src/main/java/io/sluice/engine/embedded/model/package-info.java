/**
 * The transformer itself: hyper-parameters read from GGUF ({@link io.sluice.engine.embedded.model.ModelConfig}),
 * weights loaded into JVM-owned memory ({@link io.sluice.engine.embedded.model.ModelWeights}), and the batched
 * forward pass ({@link io.sluice.engine.embedded.model.Transformer}) that runs one step for any mix of sequences and
 * positions: a prefill chunk and single decode tokens alike.
 *
 * <p>Supported architectures: {@code llama} (GQA, RoPE in adjacent pairs, Llama 3 frequency factors),
 * {@code qwen2} (q/k/v biases, RoPE in halves), {@code qwen3} (per-head q/k RMSNorm, RoPE in halves), with tied or
 * separate output embeddings. The numerics follow llama.cpp's CPU backend where it rounds (fp16 KV cache, fp16
 * query and attention weights in the two attention products) so that our logits track it closely.
 *
 * <p>Threading: a forward pass runs on the engine loop thread, which fans the heavy loops out to the
 * {@link io.sluice.engine.embedded.kernels.KernelPool}; nothing here is thread-safe for concurrent forward passes,
 * and nothing here ever runs on the event loop.
 */
package io.sluice.engine.embedded.model;
