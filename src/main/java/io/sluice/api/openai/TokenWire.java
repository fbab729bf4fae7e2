package io.sluice.api.openai;

/** {@code /tokenize} and {@code /detokenize} answers, in the shape vLLM and llama.cpp use. */
public final class TokenWire {

    private TokenWire() {
    }

    public record Tokenized(int[] tokens, int count, int maxModelLen) {
    }

    public record Detokenized(String prompt) {
    }
}
