/**
 * Synthetic model files: GGUF files of a chosen architecture and shape with seeded random weights, written by the
 * project's own {@link io.sluice.engine.embedded.gguf.GgufWriter}. The tests use them as fixtures (llama.cpp reads
 * the same files as the oracle), the benchmarks use real model shapes (Qwen2.5-0.5B) with random weights, and the
 * server can generate one when no model is configured.
 *
 * <p>Threading: plain static code run by whoever calls it (tests, benchmark mains, start-up); never the event loop.
 */
package io.sluice.engine.embedded.synth;
