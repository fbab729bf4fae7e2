/**
 * Tokenizers read from GGUF metadata, matching llama.cpp token for token: {@code gpt2} byte-level BPE with the
 * pre-tokenizer split that {@code tokenizer.ggml.pre} names, and {@code llama} SentencePiece-style BPE with byte
 * fallback. Special (control and user-defined) token texts are found in the input the way llama.cpp's
 * {@code tokenizer_st_partition} finds them; the end-of-generation set is computed as llama.cpp computes it.
 *
 * <p>Entry point: {@link io.sluice.engine.embedded.tokenizer.Tokenizers#fromGguf}. A
 * {@link io.sluice.engine.embedded.tokenizer.Vocabulary} is built once at model load, on the engine's start-up
 * thread; every load error is a {@link io.sluice.engine.embedded.gguf.GgufFormatException} naming the file and key.
 *
 * <p>Threading: vocabularies and tokenizers are immutable after construction (the BPE word cache is a concurrent
 * map), so any thread may encode and decode at once. Encoding a long prompt is CPU work: callers keep it off the
 * Vert.x event loop. Decoding yields raw bytes per token; assembling UTF-8 characters happens downstream.
 *
 * <p>Builders that make vocabularies (for tests, benchmarks and the bundled demo model) live in
 * {@code io.sluice.engine.embedded.tokenizer.train}.
 */
package io.sluice.engine.embedded.tokenizer;
