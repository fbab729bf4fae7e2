package io.sluice.engine.embedded.tokenizer;

import java.io.ByteArrayOutputStream;
import java.util.OptionalInt;

/**
 * Text to token ids and token ids to bytes, for one vocabulary, token for token as llama.cpp does it.
 * Implementations are immutable and thread-safe.
 */
public interface Tokenizer {

    /**
     * Encodes {@code text}.
     *
     * @param addSpecial   add BOS and EOS where the vocabulary asks for them ({@link Vocabulary#addsBos()})
     * @param parseSpecial find CONTROL token texts (and UNKNOWN ones) in the text and emit their ids; USER_DEFINED
     *                     texts are always found. Pass true for prompts a chat template rendered, false for text
     *                     a user typed, so that a user cannot inject a control token.
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /**
     * The raw bytes token {@code id} stands for; a token may hold part of a UTF-8 character. CONTROL, USER_DEFINED
     * and UNKNOWN tokens yield their text; UNUSED and UNDEFINED tokens yield nothing (as in llama.cpp).
     */
    byte[] decode(int id);

    /** The bytes of a run of tokens: their {@link #decode(int)} results, concatenated. */
    default byte[] decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            out.writeBytes(decode(id));
        }
        return out.toByteArray();
    }

    /** The token's text as the vocabulary stores it (for debugging and {@code /tokenize}-style views). */
    String piece(int id);

    /** Number of token ids; valid ids are {@code 0 .. size()-1}. */
    int size();

    /** True when generating this token ends the sequence (EOS, EOT, EOM and llama.cpp's end-marker texts). */
    boolean isEndOfGeneration(int id);

    /** True for CONTROL tokens (BOS, EOS, chat markers), which a text completion does not show. */
    boolean isControl(int id);

    OptionalInt bos();

    OptionalInt eos();

    /** Everything else the vocabulary knows: EOT, flags, types, scores. */
    Vocabulary vocabulary();
}
