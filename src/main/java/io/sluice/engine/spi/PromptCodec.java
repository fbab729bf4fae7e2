package io.sluice.engine.spi;

import java.util.List;

/**
 * Turns prompts into token ids and token ids back into bytes, for one model. Implementations are immutable and
 * thread-safe.
 */
public interface PromptCodec {

    /** Encodes a raw completion prompt: adds the model's BOS token when it asks for one, parses special tokens. */
    int[] encodeText(String text);

    /** Renders the model's chat template over {@code messages} and encodes the result. */
    int[] encodeChat(List<ChatMessage> messages, boolean addGenerationPrompt);

    /** The prompt text the chat template produces (for debugging and {@code /tokenize}). */
    String renderChat(List<ChatMessage> messages, boolean addGenerationPrompt);

    /**
     * The bytes a token stands for. A token may hold part of a multi-byte UTF-8 character; assembling characters
     * is the caller's job. Control tokens (BOS, EOS, chat markers) yield their text form.
     */
    byte[] tokenBytes(int tokenId);

    /** Number of token ids; valid ids are {@code 0 .. vocabularySize()-1}. */
    int vocabularySize();

    /** True when generating this token ends the sequence (EOS, EOT, end-of-turn markers). */
    boolean isEndOfGeneration(int tokenId);

    /** True for control tokens (BOS, EOS, chat markers) that a text completion does not show. */
    boolean isControl(int tokenId);
}
