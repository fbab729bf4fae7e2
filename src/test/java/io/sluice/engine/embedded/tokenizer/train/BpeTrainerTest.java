package io.sluice.engine.embedded.tokenizer.train;

import static io.sluice.engine.embedded.tokenizer.TokenizerKeys.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.embedded.gguf.GgufMetadata;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.tokenizer.ByteLevel;
import io.sluice.engine.embedded.tokenizer.TestCorpus;
import io.sluice.engine.embedded.tokenizer.TokenType;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.embedded.tokenizer.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

    private static Tokenizer tokenizer(Map<String, GgufValue> md) {
        return Tokenizers.fromGguf(new GgufMetadata("trained", md));
    }

    @Test
    void mostFrequentPairIsMergedFirst() {
        Map<String, GgufValue> md = BpeTrainer.train("ab ab ab cd cd", BpeTrainer.Options.of("gpt-2", 300));
        String sp = ByteLevel.encode(" ");
        // words: ab, Ġab x2, Ġcd x2 -> a b (3); then three pairs of 2: Ġ (id 32) before c (99) on the left, ab
        // (256) after c (99) on the right, so Ġ c; then Ġ ab before Ġc d (Ġc is id 258)
        assertArrayEquals(new String[] {"a b", sp + " c", sp + " ab", sp + "c d"}, (String[]) md.get(MERGES).value());
        String[] tokens = (String[]) md.get(TOKENS).value();
        assertEquals(260, tokens.length);
        assertEquals(List.of("ab", sp + "c", sp + "ab", sp + "cd"), List.of(tokens).subList(256, 260));
    }

    @Test
    void layoutAndSpecialTokens() {
        SpecialTokens special = SpecialTokens.chatMl().withUserDefined("<tool>");
        Map<String, GgufValue> md = BpeTrainer.train(TestCorpus.multilingual(40_000, 1),
                BpeTrainer.Options.of("qwen2", 600).withSpecial(special));
        assertEquals(List.of(MODEL, PRE, TOKENS, TOKEN_TYPE, MERGES, BOS_ID, EOS_ID, EOT_ID, ADD_BOS, ADD_EOS),
                List.copyOf(md.keySet()));
        String[] tokens = (String[]) md.get(TOKENS).value();
        int[] types = (int[]) md.get(TOKEN_TYPE).value();
        assertEquals(600, tokens.length);
        for (int b = 0; b < 256; b++) {
            assertEquals(String.valueOf(ByteLevel.charOf(b)), tokens[b]);
        }
        assertEquals(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tool>"),
                List.of(tokens).subList(596, 600));
        assertEquals(TokenType.CONTROL.id(), types[598]);
        assertEquals(TokenType.USER_DEFINED.id(), types[599]);
        assertEquals(596L, md.get(BOS_ID).value());
        assertEquals(598L, md.get(EOT_ID).value());

        Tokenizer t = tokenizer(md);
        assertArrayEquals(new int[] {597}, t.encode("<|im_start|>", false, true));
        assertTrue(t.isEndOfGeneration(598));
        assertTrue(t.isEndOfGeneration(596));
    }

    @Test
    void sameCorpusSameVocabulary() {
        String corpus = TestCorpus.multilingual(60_000, 7);
        BpeTrainer.Options options = BpeTrainer.Options.of("llama-bpe", 1000).withSpecial(SpecialTokens.chatMl());
        assertEquals(BpeTrainer.train(corpus, options), BpeTrainer.train(corpus, options));
    }

    @Test
    void trainedVocabularyCompressesAndRoundTrips() {
        String corpus = TestCorpus.multilingual(200_000, 3);
        Tokenizer t = tokenizer(BpeTrainer.train(corpus, BpeTrainer.Options.of("llama-bpe", 2000)));
        String sample = TestCorpus.multilingual(20_000, 99);
        int[] ids = t.encode(sample, false, false);
        byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(bytes, t.decode(ids));
        assertTrue(ids.length * 3 < bytes.length, ids.length + " tokens for " + bytes.length + " bytes");
    }

    @Test
    void badOptions() {
        assertThrows(IllegalArgumentException.class, () -> BpeTrainer.Options.of("tekken", 1000));
        assertThrows(IllegalArgumentException.class, () -> BpeTrainer.Options.of("gpt-2", 256));
        assertThrows(IllegalArgumentException.class, () -> SpecialTokens.control("<a>").withBos("<b>", true));
    }
}
