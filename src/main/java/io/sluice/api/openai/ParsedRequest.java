package io.sluice.api.openai;

import io.sluice.pipeline.GenerationOrder;

/**
 * A generation request as parsed from the wire: the pipeline's order plus how the answer is to be written.
 *
 * @param order          what to generate
 * @param stream         answer as server-sent events
 * @param includeUsage   {@code stream_options.include_usage}: {@code "usage":null} on every chunk, totals last
 * @param returnTokenIds vLLM's {@code return_token_ids}: show prompt and completion token ids
 */
public record ParsedRequest(GenerationOrder order, boolean stream, boolean includeUsage, boolean returnTokenIds) {
}
