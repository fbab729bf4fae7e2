package io.sluice.engine.embedded.testing;

import io.sluice.engine.embedded.gguf.GgufValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small GPT-2-style byte-level vocabulary for engine tests that need token ids but not a realistic tokenizer: the
 * 256 byte tokens, a few merges, and ChatML special tokens. Decoding maps each token's characters back to bytes.
 */
public final class ByteLevelTestVocabulary {

    private static final String[] BYTE_CHARS = byteChars();
    private static final String[][] MERGES = {
        {"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"}, {"Ġ", "w"}, {"o", "r"}, {"Ġw", "or"}, {"Ġwor", "l"},
        {"Ġworl", "d"}, {"Ġ", "t"}, {"Ġt", "h"}, {"Ġth", "e"}, {"i", "n"}, {"Ġ", "a"}, {"e", "r"}, {"o", "n"},
    };
    public static final String[] SPECIALS = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};

    private final List<String> tokens = new ArrayList<>();

    public ByteLevelTestVocabulary() {
        tokens.addAll(List.of(BYTE_CHARS));
        for (String[] m : MERGES) {
            tokens.add(m[0] + m[1]);
        }
        tokens.addAll(List.of(SPECIALS));
    }

    public int size() {
        return tokens.size();
    }

    public int id(String token) {
        int i = tokens.indexOf(token);
        if (i < 0) {
            throw new IllegalArgumentException("no token " + token);
        }
        return i;
    }

    /** GGUF tokenizer metadata (model gpt2, pre-tokenizer {@code pre}). */
    public Map<String, GgufValue> metadata(String pre) {
        int[] types = new int[tokens.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = i >= tokens.size() - SPECIALS.length ? 3 : 1;
        }
        List<String> merges = new ArrayList<>();
        for (String[] m : MERGES) {
            merges.add(m[0] + " " + m[1]);
        }
        Map<String, GgufValue> md = new LinkedHashMap<>();
        md.put("tokenizer.ggml.model", GgufValue.ofString("gpt2"));
        md.put("tokenizer.ggml.pre", GgufValue.ofString(pre));
        md.put("tokenizer.ggml.tokens", GgufValue.ofStrings(tokens.toArray(String[]::new)));
        md.put("tokenizer.ggml.token_type", GgufValue.ofInt32s(types));
        md.put("tokenizer.ggml.merges", GgufValue.ofStrings(merges.toArray(String[]::new)));
        md.put("tokenizer.ggml.bos_token_id", GgufValue.ofUInt32(id("<|endoftext|>")));
        md.put("tokenizer.ggml.eos_token_id", GgufValue.ofUInt32(id("<|im_end|>")));
        md.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(false));
        return md;
    }

    /** The bytes of a generated sequence; special tokens as their text. */
    public byte[] decode(int[] ids) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            String t = tokens.get(id);
            if (id >= tokens.size() - SPECIALS.length) {
                out.writeBytes(t.getBytes(StandardCharsets.UTF_8));
                continue;
            }
            t.codePoints().forEach(cp -> out.write(byteOf(cp)));
        }
        return out.toByteArray();
    }

    private static int byteOf(int codePoint) {
        for (int b = 0; b < 256; b++) {
            if (BYTE_CHARS[b].codePointAt(0) == codePoint) {
                return b;
            }
        }
        throw new IllegalArgumentException("not a byte character: " + codePoint);
    }

    /** GPT-2's reversible byte-to-character map: printable bytes stand for themselves, the rest shift past 255. */
    private static String[] byteChars() {
        String[] map = new String[256];
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            map[b] = new String(Character.toChars(printable ? b : 256 + shifted++));
        }
        return map;
    }
}
