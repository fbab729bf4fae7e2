/**
 * Continuous batching: the {@link io.sluice.engine.embedded.scheduler.EngineLoop} thread owns every running
 * sequence and the KV cache; each step it asks the {@link io.sluice.engine.embedded.scheduler.Scheduler} which
 * sequences get how many tokens (a prefill chunk or one decode token; the same rule for both), runs one forward pass
 * for all of them, samples, and emits the new token ids.
 *
 * <p>Threading: all state here is owned by the engine loop thread. Other threads (request handlers, cancellations)
 * only post commands to its queue. The scheduler is plain logic with no model, so it is tested without one.
 */
package io.sluice.engine.embedded.scheduler;
