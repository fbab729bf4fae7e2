/**
 * Reading and writing GGUF model files (format v3, v2 read too): metadata of every value type, tensor infos,
 * alignment, and the ggml tensor type table.
 *
 * <p>Every malformed or truncated file fails in {@link io.sluice.engine.embedded.gguf.GgufReader} with a
 * {@link io.sluice.engine.embedded.gguf.GgufFormatException} naming the file, the key or tensor, and why; nothing
 * downstream sees a half-parsed file. Tensor bytes are read through the file channel (copied into memory the JVM
 * owns) or mapped on request.
 *
 * <p>Threading: a {@link io.sluice.engine.embedded.gguf.GgufFile} is immutable after parsing and its reads are
 * positional, so any thread may read tensors concurrently. Parsing and loading run on the engine's start-up thread,
 * never on the event loop.
 */
package io.sluice.engine.embedded.gguf;
