package io.sluice.engine.embedded.tokenizer;

import io.sluice.engine.embedded.gguf.GgufMetadata;

/** Builds the tokenizer a GGUF file's {@code tokenizer.ggml.model} names. */
public final class Tokenizers {

    private Tokenizers() {
    }

    /** Reads the vocabulary and picks the implementation; errors name the file and key. */
    public static Tokenizer fromGguf(GgufMetadata metadata) {
        return of(Vocabulary.fromGguf(metadata));
    }

    public static Tokenizer of(Vocabulary vocabulary) {
        return switch (vocabulary.kind()) {
            case GPT2 -> new BpeTokenizer(vocabulary);
            case LLAMA -> new SpmTokenizer(vocabulary);
        };
    }
}
