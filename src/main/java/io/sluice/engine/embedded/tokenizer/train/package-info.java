/**
 * Builders of tokenizer vocabularies from a text corpus, for tests, benchmarks and the bundled demo model: a
 * byte-level BPE trainer ({@link io.sluice.engine.embedded.tokenizer.train.BpeTrainer}, GGUF {@code gpt2}) that
 * splits words with the same pre-tokenizer the tokenizer uses, and a SentencePiece-style builder
 * ({@link io.sluice.engine.embedded.tokenizer.train.SentencePieceVocabBuilder}, GGUF {@code llama}). Both return
 * the {@code tokenizer.ggml.*} metadata, insertion-ordered, ready for a
 * {@link io.sluice.engine.embedded.gguf.GgufWriter}, and both are deterministic: the same corpus and options give
 * the same vocabulary, byte for byte.
 *
 * <p>Threading: pure functions; they run on the caller's thread (a test, a build script), never on a server path.
 */
package io.sluice.engine.embedded.tokenizer.train;
