package io.sluice.engine.embedded.tokenizer;

import static io.sluice.engine.embedded.tokenizer.TokenizerKeys.*;

import io.sluice.engine.embedded.gguf.GgufMetadata;
import io.sluice.engine.embedded.gguf.GgufValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built vocabularies for unit tests, written as the GGUF metadata a file would hold. */
final class VocabFixtures {

    private VocabFixtures() {
    }

    /** The byte-level spelling of a plain string (space to U+0120 and so on). */
    static String bl(String s) {
        return ByteLevel.encode(s);
    }

    /**
     * A gpt2 vocabulary: the 256 byte tokens (id = byte), then {@code extra} tokens (byte-level spelled by the
     * caller), then the given special tokens as CONTROL.
     */
    static Map<String, GgufValue> gpt2(String pre, List<String> extra, List<String> merges, List<String> control) {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevel.charOf(b)));
            types.add(TokenType.NORMAL.id());
        }
        for (String t : extra) {
            tokens.add(t);
            types.add(TokenType.NORMAL.id());
        }
        for (String t : control) {
            tokens.add(t);
            types.add(TokenType.CONTROL.id());
        }
        Map<String, GgufValue> md = new LinkedHashMap<>();
        md.put(MODEL, GgufValue.ofString("gpt2"));
        if (pre != null) {
            md.put(PRE, GgufValue.ofString(pre));
        }
        md.put(TOKENS, GgufValue.ofStrings(tokens.toArray(String[]::new)));
        md.put(TOKEN_TYPE, GgufValue.ofInt32s(types.stream().mapToInt(Integer::intValue).toArray()));
        md.put(MERGES, GgufValue.ofStrings(merges.toArray(String[]::new)));
        return md;
    }

    /** A llama (SentencePiece) vocabulary: unk, s, /s, 256 byte tokens, then pieces with their scores. */
    static Map<String, GgufValue> spm(Map<String, Float> pieces, List<String> control) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(2, 3, 3));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(TokenType.BYTE.id());
            scores.add(0f);
        }
        pieces.forEach((t, s) -> {
            tokens.add(t);
            types.add(TokenType.NORMAL.id());
            scores.add(s);
        });
        for (String t : control) {
            tokens.add(t);
            types.add(TokenType.CONTROL.id());
            scores.add(0f);
        }
        float[] sc = new float[scores.size()];
        for (int i = 0; i < sc.length; i++) {
            sc[i] = scores.get(i);
        }
        Map<String, GgufValue> md = new LinkedHashMap<>();
        md.put(MODEL, GgufValue.ofString("llama"));
        md.put(TOKENS, GgufValue.ofStrings(tokens.toArray(String[]::new)));
        md.put(SCORES, GgufValue.ofFloats(sc));
        md.put(TOKEN_TYPE, GgufValue.ofInt32s(types.stream().mapToInt(Integer::intValue).toArray()));
        return md;
    }

    static GgufMetadata metadata(Map<String, GgufValue> md) {
        return new GgufMetadata("test.gguf", md);
    }

    static Tokenizer tokenizer(Map<String, GgufValue> md) {
        return Tokenizers.fromGguf(metadata(md));
    }

    static int id(Tokenizer t, String text) {
        return t.vocabulary().id(text).orElseThrow(() -> new AssertionError("no token " + text));
    }
}
