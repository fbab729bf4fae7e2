/**
 * The Java steps of the bundled demo model's recipe ({@code src/training/}): {@link
 * io.sluice.tools.demo.PrepareCorpus} trains the byte-level BPE vocabulary on the synthetic chat corpus and turns
 * every conversation, rendered through the ChatML template, into the token ids the Python trainer reads; {@link
 * io.sluice.tools.demo.WriteGguf} turns the trained weights into the shipped GGUF file. Both go through the
 * project's own tokenizer, chat template and GGUF writer, so training, Sluice and llama.cpp see the same ids.
 *
 * <p>Threading: command-line mains, single-threaded; nothing here runs inside the server.
 */
package io.sluice.tools.demo;
