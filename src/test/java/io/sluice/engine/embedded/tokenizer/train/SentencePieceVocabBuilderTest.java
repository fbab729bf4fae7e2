package io.sluice.engine.embedded.tokenizer.train;

import static io.sluice.engine.embedded.tokenizer.TokenizerKeys.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.embedded.gguf.GgufMetadata;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.tokenizer.TestCorpus;
import io.sluice.engine.embedded.tokenizer.TokenType;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.embedded.tokenizer.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentencePieceVocabBuilderTest {

    private static Tokenizer tokenizer(Map<String, GgufValue> md) {
        return Tokenizers.fromGguf(new GgufMetadata("built", md));
    }

    @Test
    void layoutIsLlama2s() {
        Map<String, GgufValue> md = SentencePieceVocabBuilder.build(TestCorpus.multilingual(50_000, 5),
                SentencePieceVocabBuilder.Options.of(800).withSpecials(List.of("<|im_end|>"), List.of()));
        String[] tokens = (String[]) md.get(TOKENS).value();
        float[] scores = (float[]) md.get(SCORES).value();
        int[] types = (int[]) md.get(TOKEN_TYPE).value();
        assertEquals(800, tokens.length);
        assertEquals(List.of("<unk>", "<s>", "</s>", "<0x00>"), List.of(tokens).subList(0, 4));
        assertEquals("<0xFF>", tokens[258]);
        assertEquals(List.of(TokenType.UNKNOWN.id(), TokenType.CONTROL.id(), TokenType.CONTROL.id(),
                TokenType.BYTE.id()), List.of(types[0], types[1], types[2], types[3]));
        for (int i = 260; i < 799; i++) {
            assertTrue(scores[i] < scores[i - 1], "scores descend at " + i);
            assertEquals(TokenType.NORMAL.id(), types[i]);
        }
        assertEquals("<|im_end|>", tokens[799]);
        assertEquals(TokenType.CONTROL.id(), types[799]);
        assertTrue(List.of(tokens).contains("\u2581the"));
    }

    @Test
    void sameCorpusSameVocabulary() {
        String corpus = TestCorpus.multilingual(40_000, 8);
        var options = SentencePieceVocabBuilder.Options.of(700);
        assertEquals(SentencePieceVocabBuilder.build(corpus, options),
                SentencePieceVocabBuilder.build(corpus, options));
    }

    @Test
    void roundTripsWithByteFallbackForUnseenCharacters() {
        Tokenizer t = tokenizer(SentencePieceVocabBuilder.build(TestCorpus.multilingual(100_000, 2),
                SentencePieceVocabBuilder.Options.of(1500)));
        String sample = TestCorpus.multilingual(10_000, 42) + " ∮ 𝔘 ⁂\n\ttab";
        int[] ids = t.encode(sample, true, false);
        assertEquals(1, ids[0]);
        assertArrayEquals((" " + sample).getBytes(StandardCharsets.UTF_8),
                t.decode(java.util.Arrays.copyOfRange(ids, 1, ids.length)));
        int[] unseen = t.encode("∮", false, false);
        assertArrayEquals(new int[] {3 + 0xE2, 3 + 0x88, 3 + 0xAE}, java.util.Arrays.copyOfRange(unseen, 1, 4));
        assertArrayEquals(new int[] {3 + 0x0A}, java.util.Arrays.copyOfRange(t.encode("a\nb", false, false), 1, 2));
    }
}
