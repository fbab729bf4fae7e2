/**
 * The OpenAI dialect on the wire: request parsers that turn JSON into validated pipeline orders (each error naming
 * its field), the response records (chunks, whole completions, usage, errors, models, token endpoints), and the two
 * dialects, chat and legacy text completions, that build them from pipeline events. Wire records never leave
 * {@code io.sluice.api}.
 *
 * <p>Threading: parsers run on worker threads (they are called next to tokenizing); dialects run on the request's
 * event loop. Everything here is either immutable or owned by one request.
 */
package io.sluice.api.openai;
