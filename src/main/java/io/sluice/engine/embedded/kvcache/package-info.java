/**
 * The paged key/value cache: a fixed pool of blocks of {@link io.sluice.engine.embedded.kvcache.KvCache#blockSize()}
 * token slots per layer, stored as fp16 (as llama.cpp does by default), and the per-sequence
 * {@link io.sluice.engine.embedded.kvcache.BlockTable}s that map a sequence's positions to blocks.
 *
 * <p>Threading: owned by the engine loop thread. Only that thread allocates, frees or writes; kernel pool workers
 * read and write disjoint slots during a forward pass that the loop thread waits for.
 */
package io.sluice.engine.embedded.kvcache;
