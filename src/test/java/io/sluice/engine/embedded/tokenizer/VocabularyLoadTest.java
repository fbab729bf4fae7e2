package io.sluice.engine.embedded.tokenizer;

import static io.sluice.engine.embedded.tokenizer.VocabFixtures.gpt2;
import static io.sluice.engine.embedded.tokenizer.VocabFixtures.metadata;
import static io.sluice.engine.embedded.tokenizer.VocabFixtures.spm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.embedded.gguf.GgufFormatException;
import io.sluice.engine.embedded.gguf.GgufValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Load errors name the file and the key; defaults follow llama.cpp's. */
class VocabularyLoadTest {

    private static void assertFails(Map<String, GgufValue> md, String key, String why) {
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> Vocabulary.fromGguf(metadata(md)));
        assertTrue(e.getMessage().startsWith("test.gguf: metadata key '" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void missingOrUnsupportedModel() {
        var md = gpt2("gpt-2", List.of(), List.of(), List.of());
        md.remove(TokenizerKeys.MODEL);
        assertFails(md, TokenizerKeys.MODEL, "is missing");
        md.put(TokenizerKeys.MODEL, GgufValue.ofString("bert"));
        assertFails(md, TokenizerKeys.MODEL, "'bert'");
    }

    @Test
    void unsupportedPreTokenizer() {
        assertFails(gpt2("tekken", List.of(), List.of(), List.of()), TokenizerKeys.PRE, "'tekken'");
    }

    @Test
    void missingPreTokenizerFallsBackToDefault() {
        var v = Vocabulary.fromGguf(metadata(gpt2(null, List.of(), List.of(), List.of())));
        assertEquals(PreTokenizer.DEFAULT, v.preTokenizer().orElseThrow());
    }

    @Test
    void missingTokensOrMerges() {
        var md = gpt2("gpt-2", List.of(), List.of(), List.of());
        md.remove(TokenizerKeys.MERGES);
        assertFails(md, TokenizerKeys.MERGES, "is missing");
        md = gpt2("gpt-2", List.of(), List.of(), List.of());
        md.remove(TokenizerKeys.TOKENS);
        assertFails(md, TokenizerKeys.TOKENS, "is missing");
    }

    @Test
    void mergesMustNameTokens() {
        assertFails(gpt2("gpt-2", List.of(), List.of("a zz"), List.of()), TokenizerKeys.MERGES,
                "entry 0 ('a zz') names 'zz'");
        assertFails(gpt2("gpt-2", List.of(), List.of("abc"), List.of()), TokenizerKeys.MERGES,
                "not two tokens separated by a space");
    }

    @Test
    void duplicateTokensAndShortArrays() {
        assertFails(gpt2("gpt-2", List.of("a"), List.of(), List.of()), TokenizerKeys.TOKENS,
                "'a' twice (ids 97 and 256)");
        var md = spm(Map.of("x", -1f), List.of());
        md.put(TokenizerKeys.SCORES, GgufValue.ofFloats(1f, 2f));
        assertFails(md, TokenizerKeys.SCORES, "has 2 entries for 260 tokens");
        md = spm(Map.of("x", -1f), List.of());
        md.put(TokenizerKeys.TOKEN_TYPE, GgufValue.ofInt32s(1, 1));
        assertFails(md, TokenizerKeys.TOKEN_TYPE, "has 2 entries");
    }

    @Test
    void wronglyTypedKeys() {
        var md = gpt2("gpt-2", List.of(), List.of(), List.of());
        md.put(TokenizerKeys.BOS_ID, GgufValue.ofString("1"));
        assertFails(md, TokenizerKeys.BOS_ID, "should be an integer");
        md = gpt2("gpt-2", List.of(), List.of(), List.of());
        md.put(TokenizerKeys.ADD_BOS, GgufValue.ofUInt32(1));
        assertFails(md, TokenizerKeys.ADD_BOS, "should be a BOOL");
    }

    @Test
    void addBosWithoutBos() {
        var md = gpt2("gpt-2", List.of(), List.of(), List.of());
        md.put(TokenizerKeys.TOKENS, GgufValue.ofStrings("a", "b"));
        md.put(TokenizerKeys.TOKEN_TYPE, GgufValue.ofInt32s(1, 1));
        md.put(TokenizerKeys.ADD_BOS, GgufValue.ofBool(true));
        assertFails(md, TokenizerKeys.ADD_BOS, "no BOS token");
    }

    @Test
    void outOfRangeIdsKeepTheDefault() {
        var md = spm(Map.of("x", -1f), List.of());
        md.put(TokenizerKeys.EOS_ID, GgufValue.ofUInt32(99_999));
        md.put(TokenizerKeys.BOS_ID, GgufValue.ofUInt32(259));
        Vocabulary v = Vocabulary.fromGguf(metadata(md));
        assertEquals(2, v.eos().orElseThrow());
        assertEquals(259, v.bos().orElseThrow());
        assertEquals(0, v.unknown().orElseThrow());
        assertTrue(v.addsBos());
        assertTrue(v.addsSpacePrefix());
    }

    @Test
    void emptyTokenTextsGetLlamaCppsStandIn() {
        var md = spm(Map.of("", -1f), List.of());
        Vocabulary v = Vocabulary.fromGguf(metadata(md));
        assertEquals("[EMPTY_259]", v.token(259));
    }
}
