/**
 * A foothold in the llama.cpp binding's own package ({@code de.kherud:llama}), bench profile only: it reaches the
 * package-private parts the benchmarks need (a prompt given as token ids, the stop marker of a streamed output), so
 * that llama.cpp and Sluice run exactly the same tokens. Runs on the caller's thread.
 */
package de.kherud.llama;
