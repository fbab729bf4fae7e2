/**
 * Benchmarks (Maven profile {@code bench}, never part of the server or the tests): the engine against llama.cpp on
 * the same GGUF file and thread count ({@link io.sluice.bench.EngineBench}), the HTTP API under concurrent streams and
 * the prefix-reuse check ({@link io.sluice.bench.ServerBench}), and the machine's memory bandwidth with the decode
 * bound it sets ({@link io.sluice.bench.Bandwidth}). Each is a {@code main} that prints its figures; the README's
 * "Benchmarks" section has the commands and {@code docs/BENCHMARKS.md} the results.
 *
 * <p>Threads: the mains run on their own thread; the engine under test runs its loop and kernel pool as in the
 * server; llama.cpp's generations each block one platform thread of ours.
 */
package io.sluice.bench;
