package io.sluice.tools.demo;

import io.sluice.engine.embedded.template.ChatTemplate;
import io.sluice.engine.embedded.tokenizer.train.BpeTrainer;
import io.sluice.engine.embedded.tokenizer.train.SpecialTokens;

/** The fixed choices of the demo model: its name, its chat format and how its vocabulary is trained. */
final class DemoModel {

    /** {@code general.name}, and the model id the server shows. */
    static final String NAME = "sluice-demo";

    static final String IM_START = "<|im_start|>";
    static final String IM_END = "<|im_end|>";
    static final String END_OF_TEXT = "<|endoftext|>";

    /** Qwen's digit-by-digit split: simple, and llama.cpp and Sluice both know it. */
    static final String PRE_TOKENIZER = "qwen2";

    /**
     * ChatML markers as CONTROL tokens. {@code <|im_end|>} ends a turn, so it is both EOS and EOT (a reply stops on
     * it in every engine); {@code <|endoftext|>} is BOS but never added, as in Qwen's instruct models, because the
     * template starts every prompt with {@code <|im_start|>}.
     */
    static SpecialTokens specialTokens() {
        return new SpecialTokens(java.util.List.of(END_OF_TEXT, IM_START, IM_END), java.util.List.of(),
                END_OF_TEXT, IM_END, IM_END, null, false, false);
    }

    static BpeTrainer.Options tokenizerOptions(int vocabularySize) {
        return new BpeTrainer.Options(PRE_TOKENIZER, vocabularySize, specialTokens(), 2);
    }

    /** ChatML, with {@code add_generation_prompt}; stored as {@code tokenizer.chat_template}. */
    static String chatTemplateSource() {
        return ChatTemplate.CHATML_SOURCE;
    }

    static ChatTemplate chatTemplate() {
        return ChatTemplate.of(chatTemplateSource(), END_OF_TEXT, IM_END);
    }

    private DemoModel() {
    }
}
