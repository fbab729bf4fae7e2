package io.sluice.engine.embedded.tokenizer;

import static io.sluice.engine.embedded.tokenizer.VocabFixtures.id;
import static io.sluice.engine.embedded.tokenizer.VocabFixtures.spm;
import static io.sluice.engine.embedded.tokenizer.VocabFixtures.tokenizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.embedded.gguf.GgufValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpmTokenizerTest {

    private static final String S = "\u2581";

    private static Map<String, Float> pieces() {
        Map<String, Float> p = new LinkedHashMap<>();
        p.put(S + "hello", -1f);
        p.put("ll", -2f);
        p.put("he", -3f);
        p.put(S + "h", -4f);
        p.put("llo", -5f);
        p.put(S + "he", -6f);
        p.put(S + "hell", -7f);
        for (String c : List.of(S, "h", "e", "l", "o", "x")) {
            p.put(c, -100f);
        }
        return p;
    }

    @Test
    void highestScoringPairMergesFirst() {
        Tokenizer t = tokenizer(spm(pieces(), List.of()));
        // merges in score order: ll, he (now ▁h is gone), llo, ▁he, and only then ▁hello, which needs both halves
        assertArrayEquals(new int[] {1, id(t, S + "hello")}, t.encode("hello", true, false));
        assertArrayEquals(new int[] {id(t, S + "hello")}, t.encode("hello", false, false));
    }

    @Test
    void equalScoresMergeLeftmostFirst() {
        Map<String, Float> p = new LinkedHashMap<>();
        p.put("ab", -1f);
        p.put("bc", -1f);
        for (String c : List.of("a", "b", "c")) {
            p.put(c, -10f);
        }
        var md = spm(p, List.of());
        md.put(TokenizerKeys.ADD_SPACE_PREFIX, GgufValue.ofBool(false));
        Tokenizer t = tokenizer(md);
        assertArrayEquals(new int[] {id(t, "ab"), id(t, "c")}, t.encode("abc", false, false));
    }

    @Test
    void unknownCharactersFallBackToBytes() {
        Tokenizer t = tokenizer(spm(pieces(), List.of()));
        int[] ids = t.encode("hé\n", false, false);
        assertArrayEquals(new int[] {id(t, S + "h"), 3 + 0xC3, 3 + 0xA9, 3 + 0x0A}, ids);
        assertArrayEquals(" hé\n".getBytes(StandardCharsets.UTF_8), t.decode(ids));
        assertArrayEquals(new byte[] {(byte) 0xC3}, t.decode(3 + 0xC3));
    }

    @Test
    void spacePrefixStartsTheInputAndFollowsEverySpecialToken() {
        Tokenizer t = tokenizer(spm(pieces(), List.of("<|im_end|>")));
        int end = id(t, "<|im_end|>");
        assertArrayEquals(new int[] {id(t, S + "hello"), end, id(t, S + "hello")},
                t.encode("hello<|im_end|>hello", false, true));
        assertArrayEquals(new int[] {1, id(t, S + "hello")}, t.encode("<s>hello", false, true));
        assertArrayEquals(new int[] {id(t, S), id(t, "x")}, t.encode("x", false, false));
    }

    @Test
    void withoutSpacePrefix() {
        var md = spm(pieces(), List.of());
        md.put(TokenizerKeys.ADD_SPACE_PREFIX, GgufValue.ofBool(false));
        Tokenizer t = tokenizer(md);
        assertArrayEquals(new int[] {id(t, "he"), id(t, "llo")}, t.encode("hello", false, false));
        assertArrayEquals(new int[] {id(t, S + "hello")}, t.encode(" hello", false, false));
    }

    @Test
    void decodeUnescapesSpacesAndKeepsControlText() {
        Tokenizer t = tokenizer(spm(pieces(), List.of()));
        assertArrayEquals(" hello".getBytes(StandardCharsets.UTF_8), t.decode(id(t, S + "hello")));
        assertArrayEquals("</s>".getBytes(StandardCharsets.UTF_8), t.decode(2));
        assertArrayEquals("<unk>".getBytes(StandardCharsets.UTF_8), t.decode(0));
        assertEquals(S + "hello", t.piece(id(t, S + "hello")));
        assertTrue(t.isControl(1));
        assertTrue(t.isEndOfGeneration(2));
    }

    @Test
    void encodesEveryByteOfArbitraryText() {
        Tokenizer t = tokenizer(spm(pieces(), List.of()));
        String text = "Grüße, 世界! 🦙 \t\n  x'S 123456 \u00A0";
        assertArrayEquals((" " + text).getBytes(StandardCharsets.UTF_8), t.decode(t.encode(text, false, false)));
    }
}
