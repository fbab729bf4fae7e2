package io.sluice.engine.embedded;

import io.sluice.engine.embedded.template.ChatTemplate;
import io.sluice.engine.embedded.template.ChatTemplateException;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.spi.ChatMessage;
import io.sluice.engine.spi.PromptCodec;

import java.util.List;

/**
 * The prompt codec of a GGUF model: its own tokenizer and chat template. Completion prompts get the BOS token when
 * the vocabulary asks for it; chat prompts do not, because chat templates write BOS themselves (as vLLM does).
 * Special-token texts in prompts are matched as special tokens, as llama.cpp's server and Hugging Face do.
 */
final class EmbeddedCodec implements PromptCodec {

    private final Tokenizer tokenizer;
    private final ChatTemplate template;

    EmbeddedCodec(Tokenizer tokenizer, ChatTemplate template) {
        this.tokenizer = tokenizer;
        this.template = template;
    }

    @Override
    public int[] encodeText(String text) {
        return tokenizer.encode(text, true, true);
    }

    @Override
    public int[] encodeChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return tokenizer.encode(renderChat(messages, addGenerationPrompt), false, true);
    }

    @Override
    public String renderChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
        try {
            return template.render(messages, addGenerationPrompt);
        } catch (ChatTemplateException e) {
            if (e.raisedByTemplate()) {
                // The model's template refused this conversation (e.g. roles must alternate): the client's fault.
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public byte[] tokenBytes(int tokenId) {
        return tokenizer.decode(tokenId);
    }

    @Override
    public int vocabularySize() {
        return tokenizer.size();
    }

    @Override
    public boolean isEndOfGeneration(int tokenId) {
        return tokenizer.isEndOfGeneration(tokenId);
    }

    @Override
    public boolean isControl(int tokenId) {
        return tokenizer.isControl(tokenId);
    }
}
