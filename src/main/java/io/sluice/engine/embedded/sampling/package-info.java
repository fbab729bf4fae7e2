/**
 * Choosing the next token from logits: logit bias, end-of-generation masking ({@code ignore_eos}), repetition,
 * presence and frequency penalties, top-k, top-p, min-p, temperature and a seeded draw, in llama.cpp's order.
 * One {@link io.sluice.engine.embedded.sampling.Sampler} per sequence holds that sequence's random generator and
 * token counts, so a sequence samples the same tokens whatever else shares its batch.
 *
 * <p>Threading: used only by the engine loop thread.
 */
package io.sluice.engine.embedded.sampling;
