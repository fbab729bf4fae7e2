package io.sluice.engine.embedded.tokenizer;

import static io.sluice.engine.embedded.tokenizer.VocabFixtures.bl;
import static io.sluice.engine.embedded.tokenizer.VocabFixtures.gpt2;
import static io.sluice.engine.embedded.tokenizer.VocabFixtures.id;
import static io.sluice.engine.embedded.tokenizer.VocabFixtures.tokenizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.embedded.gguf.GgufValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BpeTokenizerTest {

    private static final List<String> CHAT = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");

    @Test
    void mergesApplyByRankNotByPosition() {
        // "b c" outranks "a b", so "abc" becomes a + bc and then abc
        Tokenizer t = tokenizer(gpt2("gpt-2", List.of("bc", "ab", "abc"), List.of("b c", "a b", "a bc"), List.of()));
        assertArrayEquals(new int[] {id(t, "abc")}, t.encode("abc", false, false));
        // "a b" first: ab + c, and no merge joins those
        Tokenizer u = tokenizer(gpt2("gpt-2", List.of("ab", "bc", "abc"), List.of("a b", "b c", "a bc"), List.of()));
        assertArrayEquals(new int[] {id(u, "ab"), 'c'}, u.encode("abc", false, false));
    }

    @Test
    void equalRanksMergeLeftmostFirst() {
        Tokenizer t = tokenizer(gpt2("gpt-2", List.of("aa"), List.of("a a"), List.of()));
        assertArrayEquals(new int[] {id(t, "aa"), 'a'}, t.encode("aaa", false, false));
        assertArrayEquals(new int[] {id(t, "aa"), id(t, "aa")}, t.encode("aaaa", false, false));
    }

    @Test
    void wordsAreMergedSeparately() {
        String space = bl(" ");
        Tokenizer t = tokenizer(gpt2("gpt-2", List.of(space + "a", "aa"), List.of(space + " a", "a a"), List.of()));
        // " a" is one word for the GPT-2 regex; "a a" never sees the space
        assertArrayEquals(new int[] {'a', id(t, space + "a")}, t.encode("a a", false, false));
    }

    @Test
    void llama3TakesAWholeWordTokenWithoutMerging() {
        // the merges alone give a + bc; llama-bpe's ignore_merges takes the token "abc" as it is
        var md = gpt2("llama-bpe", List.of("bc", "abc"), List.of("b c"), List.of());
        md.put(TokenizerKeys.ADD_BOS, GgufValue.ofBool(false));
        Tokenizer llama3 = tokenizer(md);
        assertArrayEquals(new int[] {id(llama3, "abc")}, llama3.encode("abc", false, false));
        Tokenizer gpt2 = tokenizer(gpt2("gpt-2", List.of("bc", "abc"), List.of("b c"), List.of()));
        assertArrayEquals(new int[] {'a', id(gpt2, "bc")}, gpt2.encode("abc", false, false));
    }

    @Test
    void specialTokensAreFoundOnlyWhenAsked() {
        Tokenizer t = tokenizer(gpt2("qwen2", List.of(), List.of(), CHAT));
        int imEnd = id(t, "<|im_end|>");
        int[] parsed = t.encode("hi<|im_end|>", false, true);
        assertArrayEquals(new int[] {'h', 'i', imEnd}, parsed);
        int[] literal = t.encode("hi<|im_end|>", false, false);
        assertEquals(2 + "<|im_end|>".length(), literal.length);
        assertFalse(java.util.Arrays.stream(literal).anyMatch(x -> x == imEnd));
    }

    @Test
    void userDefinedTokensAreAlwaysFoundAndLongerSpecialsWin() {
        var md = gpt2("qwen2", List.of(), List.of(), List.of("<a>", "<a><b>"));
        int[] types = ((int[]) md.get(TokenizerKeys.TOKEN_TYPE).value()).clone();
        types[256] = TokenType.USER_DEFINED.id();
        md.put(TokenizerKeys.TOKEN_TYPE, GgufValue.ofInt32s(types));
        Tokenizer t = tokenizer(md);
        assertArrayEquals(new int[] {'x', 256, 'y'}, t.encode("x<a>y", false, false));
        assertArrayEquals(new int[] {257, 256}, t.encode("<a><b><a>", false, true));
    }

    @Test
    void bosAndEosAreAddedAsTheVocabularyAsks() {
        var md = gpt2("qwen2", List.of(), List.of(), CHAT);
        md.put(TokenizerKeys.BOS_ID, GgufValue.ofUInt32(256));
        md.put(TokenizerKeys.EOS_ID, GgufValue.ofUInt32(258));
        md.put(TokenizerKeys.ADD_BOS, GgufValue.ofBool(true));
        md.put(TokenizerKeys.ADD_EOS, GgufValue.ofBool(true));
        Tokenizer t = tokenizer(md);
        assertArrayEquals(new int[] {256, 'x', 258}, t.encode("x", true, false));
        assertArrayEquals(new int[] {'x'}, t.encode("x", false, false));
        assertArrayEquals(new int[] {256, 258}, t.encode("", true, false));
    }

    @Test
    void llama3AddsBosUnlessTheFileSaysNo() {
        var md = gpt2("llama-bpe", List.of(), List.of(), CHAT);
        md.put(TokenizerKeys.BOS_ID, GgufValue.ofUInt32(256));
        assertArrayEquals(new int[] {256, 'x'}, tokenizer(md).encode("x", true, false));
        md.put(TokenizerKeys.ADD_BOS, GgufValue.ofBool(false));
        assertArrayEquals(new int[] {'x'}, tokenizer(md).encode("x", true, false));
    }

    @Test
    void decodingYieldsRawBytesEvenForHalfACharacter() {
        byte[] ni = "你".getBytes(StandardCharsets.UTF_8);
        String head = ByteLevel.encode(new byte[] {ni[0], ni[1]});
        Tokenizer t = tokenizer(gpt2("qwen2", List.of(head), List.of(head.charAt(0) + " " + head.charAt(1)), CHAT));
        int[] ids = t.encode("你", false, false);
        assertArrayEquals(new int[] {id(t, head), ni[2] & 0xFF}, ids);
        assertArrayEquals(new byte[] {ni[0], ni[1]}, t.decode(ids[0]));
        assertArrayEquals(new byte[] {ni[2]}, t.decode(ids[1]));
        assertArrayEquals(ni, t.decode(ids));
        assertArrayEquals(" ".getBytes(StandardCharsets.UTF_8), t.decode(' '));
        assertArrayEquals("<|im_end|>".getBytes(StandardCharsets.UTF_8), t.decode(id(t, "<|im_end|>")));
        assertEquals(bl(" "), t.piece(' '));
    }

    @Test
    void aMergedPieceThatIsNoTokenKeepsOnlyItsPrintableAsciiBytes() {
        // llama.cpp looks each byte's character up as a one-byte string: only '!'..'~' are found, the rest drop
        String e = ByteLevel.encode("é".getBytes(StandardCharsets.UTF_8));
        Tokenizer t = tokenizer(gpt2("gpt-2", List.of(), List.of("a b", e.charAt(0) + " " + e.charAt(1)), List.of()));
        assertArrayEquals(new int[] {'a', 'b'}, t.encode("ab", false, false));
        assertArrayEquals(new int[] {}, t.encode("é", false, false));
        assertArrayEquals(new int[] {'x', 'y'}, t.encode("xéy", false, false));
    }

    @Test
    void endOfGenerationCoversEosAndWellKnownEndMarkers() {
        var md = gpt2("qwen2", List.of(), List.of(), List.of("<|im_start|>"));
        String[] tokens = ((String[]) md.get(TokenizerKeys.TOKENS).value()).clone();
        tokens[100] = "<|im_end|>"; // typed NORMAL in the file
        tokens[101] = "<|endoftext|>";
        md.put(TokenizerKeys.TOKENS, GgufValue.ofStrings(tokens));
        md.put(TokenizerKeys.EOS_ID, GgufValue.ofUInt32(102));
        Tokenizer t = tokenizer(md);
        assertArrayEquals(new int[] {100, 101, 102}, t.vocabulary().endOfGenerationIds());
        assertTrue(t.isEndOfGeneration(100));
        assertFalse(t.isEndOfGeneration(256));
        // llama.cpp promotes an end marker typed NORMAL to CONTROL, so it is parsed as special and hidden
        assertTrue(t.isControl(100));
        assertEquals(100, t.vocabulary().eot().orElseThrow());
        assertArrayEquals(new int[] {'a', 100}, t.encode("a<|im_end|>", false, true));
    }

    @Test
    void encodesEveryByteOfArbitraryText() {
        Tokenizer t = tokenizer(gpt2("llama-bpe", List.of(), List.of(), CHAT));
        String text = "Grüße, 世界! 🦙 \t\n  x'S 123456 \u00A0";
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), t.decode(t.encode(text, false, false)));
    }

    @Test
    void bosDefaultsToLlamaCppsElevenWhenTheFileNamesNone() {
        Tokenizer t = tokenizer(gpt2("qwen2", List.of(), List.of(), List.of()));
        assertEquals(11, t.bos().orElseThrow());
        assertEquals(11, t.eos().orElseThrow());
        assertTrue(t.isEndOfGeneration(11));
    }

    @Test
    void concurrentEncodingGivesTheSameIdsAsSequential() throws Exception {
        Tokenizer t = tokenizer(io.sluice.engine.embedded.tokenizer.train.BpeTrainer.train(
                TestCorpus.multilingual(50_000, 4),
                io.sluice.engine.embedded.tokenizer.train.BpeTrainer.Options.of("qwen2", 800)));
        List<String> texts = java.util.stream.IntStream.range(0, 64)
                .mapToObj(i -> TestCorpus.multilingual(500, 1000 + i)).toList();
        List<int[]> sequential = texts.stream().map(x -> t.encode(x, false, false)).toList();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 4; round++) {
                var futures = texts.stream().map(x -> pool.submit(() -> t.encode(x, false, false))).toList();
                for (int i = 0; i < texts.size(); i++) {
                    assertArrayEquals(sequential.get(i), futures.get(i).get());
                }
            }
        }
    }

    @Test
    void idsOutsideTheVocabularyAreRejected() {
        Tokenizer t = tokenizer(gpt2("gpt-2", List.of(), List.of(), List.of()));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.decode(256));
        assertEquals("token id 256 is outside 0..255", e.getMessage());
    }
}
