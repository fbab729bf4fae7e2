package io.sluice.tools.demo;

import io.sluice.engine.embedded.gguf.GgufMetadata;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.embedded.tokenizer.Tokenizers;
import io.sluice.engine.embedded.tokenizer.train.BpeTrainer;
import io.sluice.engine.spi.ChatMessage;

import java.util.List;
import java.util.Map;

/** A demo-style vocabulary trained on a handful of conversations, as PrepareCorpus trains the real one. */
final class TinyVocabulary {

    static final List<List<ChatMessage>> CONVERSATIONS = List.of(
            List.of(new ChatMessage("user", "What is the capital of Ohio?"),
                    new ChatMessage("assistant", "The capital of Ohio is Columbus.")),
            List.of(new ChatMessage("system", "You are a helpful assistant."),
                    new ChatMessage("user", "Hello!"),
                    new ChatMessage("assistant", "Hello! How can I help you today?"),
                    new ChatMessage("user", "Tell me a story about a fox."),
                    new ChatMessage("assistant", "Once upon a time, there was a little fox. The end.")));

    static final Map<String, GgufValue> METADATA = train();

    static Tokenizer tokenizer() {
        return Tokenizers.fromGguf(new GgufMetadata("tiny demo vocabulary", METADATA));
    }

    private static Map<String, GgufValue> train() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            for (List<ChatMessage> c : CONVERSATIONS) {
                text.append(DemoModel.chatTemplate().render(c, false));
            }
        }
        return BpeTrainer.train(text.toString(), DemoModel.tokenizerOptions(400));
    }

    private TinyVocabulary() {
    }
}
