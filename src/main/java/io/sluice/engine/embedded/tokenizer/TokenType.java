package io.sluice.engine.embedded.tokenizer;

/**
 * The token types of {@code tokenizer.ggml.token_type}, with their on-disk ids (llama.cpp's
 * {@code llama_token_type}). A vocabulary holds each token's effective type: llama.cpp promotes a few
 * end-of-turn and fill-in-the-middle texts to {@link #CONTROL} at load, and so does {@link Vocabulary}.
 */
public enum TokenType {
    UNDEFINED(0), NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

    private static final TokenType[] BY_ID = values();

    private final int id;

    TokenType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The type with this id; ids outside the table are {@link #UNDEFINED}, as in llama.cpp. */
    public static TokenType byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : UNDEFINED;
    }

    /** Types whose text llama.cpp looks for in the input before splitting it (its special-token cache). */
    boolean isSpecial() {
        return this == CONTROL || this == USER_DEFINED || this == UNKNOWN;
    }
}
