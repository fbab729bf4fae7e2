package io.sluice.engine.embedded.tokenizer;

import java.util.Optional;

/** The tokenizer algorithms of {@code tokenizer.ggml.model} that Sluice implements. */
public enum TokenizerKind {
    /** Byte-level BPE with merges ranked by order and a regex pre-tokenizer (GPT-2, Llama 3, Qwen, DeepSeek). */
    GPT2("gpt2"),
    /** SentencePiece-style BPE: spaces as U+2581, bigrams merged by score, byte fallback (Llama 2, TinyLlama). */
    LLAMA("llama");

    private final String ggufName;

    TokenizerKind(String ggufName) {
        this.ggufName = ggufName;
    }

    /** The value of {@code tokenizer.ggml.model}. */
    public String ggufName() {
        return ggufName;
    }

    public static Optional<TokenizerKind> byGgufName(String name) {
        for (TokenizerKind k : values()) {
            if (k.ggufName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
