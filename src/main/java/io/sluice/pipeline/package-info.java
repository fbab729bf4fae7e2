/**
 * The serving pipeline between the HTTP edge and an engine: a validated {@link io.sluice.pipeline.GenerationOrder}
 * from the edge becomes a trusted {@link io.sluice.pipeline.GenerationRequest} (model routed, prompt tokenized,
 * context checked), whose choices run as engine sequences; each sequence's token ids go through an
 * {@link io.sluice.pipeline.OutputProcessor} (UTF-8 assembly, control tokens hidden, stop strings held back and cut)
 * and come out as sealed {@link io.sluice.pipeline.GenerationEvent}s. Knows nothing about HTTP.
 *
 * <p>Threading: {@link io.sluice.pipeline.GenerationService#prepare} tokenizes, which is CPU work: call it on a
 * worker thread, never on the Vert.x event loop. The event streams are emitted on the engine's threads; an
 * {@code OutputProcessor} is owned by its sequence's stream (signals are serialized), so it holds plain mutable state.
 * {@link io.sluice.pipeline.Admission} sits between {@code prepare} and {@code stream}: its queue and counts belong to
 * its own thread, which the others send commands. {@link io.sluice.pipeline.RateLimiter}'s per-key buckets are
 * lock-free (one compare-and-set per take), so any event loop takes from them directly.
 */
package io.sluice.pipeline;
