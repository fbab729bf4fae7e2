package io.sluice.engine.embedded.testing;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.synth.ModelShape;
import io.sluice.engine.embedded.synth.RandomModelWriter;
import io.sluice.engine.embedded.tokenizer.train.BpeTrainer;
import io.sluice.engine.embedded.tokenizer.train.SpecialTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small GGUF models the tests write themselves: random weights of a real architecture, with a byte-level BPE
 * vocabulary trained by the project's own trainer on a fixed multilingual text and ChatML special tokens. Each file
 * is written once per test JVM.
 */
public final class TestModels {

    /** Text the test vocabularies are trained on: English, code, accents, CJK and emoji, so merges cover them. */
    public static final String CORPUS = """
            Hello world! The quick brown fox jumps over the lazy dog. Sluice streams tokens to every client as soon
            as they are ready, and stops the moment a client leaves. Streaming servers send events; each event is a
            line of JSON. The answer is 42, or 1234567 in another story. Café, naïve, façade, déjà vu, Straße.
            日本語のテキストと中文文本。 Emoji: 🎉🚀😀 and more 🎉.
            def main(args):
                for i in range(10):
                    print("hello", i)
                return {"ok": True}
            The end of the story is near; the beginning was long ago. Once upon a time there was a cat.
            """.repeat(8);

    private static Path tinyChat;

    private TestModels() {
    }

    /** ChatML tokenizer metadata (qwen2 pre-tokenizer), about 600 tokens. */
    public static Map<String, GgufValue> chatMlTokenizer() {
        return new LinkedHashMap<>(BpeTrainer.train(CORPUS,
                BpeTrainer.Options.of("qwen2", 600).withSpecial(SpecialTokens.chatMl())));
    }

    /** A tiny qwen2 chat model (ChatML, {@code <|im_end|>} ends a turn), F32 weights. */
    public static synchronized Path tinyChatModel() {
        if (tinyChat == null) {
            try {
                Path dir = Files.createTempDirectory("sluice-test-models");
                dir.toFile().deleteOnExit();
                Path file = dir.resolve("tiny-chat.gguf");
                RandomModelWriter.write(file, ModelShape.tiny("qwen2").withName("tiny-chat"), GgmlType.F32,
                        chatMlTokenizer(), 5);
                file.toFile().deleteOnExit();
                tinyChat = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tinyChat;
    }
}
