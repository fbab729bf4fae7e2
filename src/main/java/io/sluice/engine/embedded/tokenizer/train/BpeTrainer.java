package io.sluice.engine.embedded.tokenizer.train;

import static io.sluice.engine.embedded.tokenizer.TokenizerKeys.*;

import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.tokenizer.ByteLevel;
import io.sluice.engine.embedded.tokenizer.PreTokenizer;
import io.sluice.engine.embedded.tokenizer.TokenType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a byte-level BPE vocabulary (GGUF {@code gpt2}) on a corpus: special token texts are cut out, the rest is
 * split into words by the same {@link PreTokenizer} the tokenizer will use, and merges are learned over the words'
 * UTF-8 bytes (most frequent pair first; see {@link MergeLearner}). The vocabulary is the 256 byte tokens (id = byte
 * value), then one token per merge, then the special tokens. Deterministic.
 */
public final class BpeTrainer {

    /**
     * @param pre             the {@code tokenizer.ggml.pre} name to split words with and to write
     * @param vocabularySize  the most tokens to end up with, special tokens included (fewer when pairs run out)
     * @param special         special tokens and their roles
     * @param minPairCount    a pair seen fewer times than this is not merged
     */
    public record Options(String pre, int vocabularySize, SpecialTokens special, int minPairCount) {

        public Options {
            if (PreTokenizer.byGgufName(pre).isEmpty()) {
                throw new IllegalArgumentException("unsupported pre-tokenizer '" + pre + "'; supported: "
                        + PreTokenizer.supportedNames());
            }
            if (vocabularySize <= 256 + special.all().size()) {
                throw new IllegalArgumentException("vocabularySize " + vocabularySize
                        + " leaves no room for merges after 256 byte tokens and " + special.all().size() + " specials");
            }
            if (minPairCount < 1) {
                throw new IllegalArgumentException("minPairCount must be at least 1, got " + minPairCount);
            }
        }

        /** No special tokens; pairs seen at least twice. */
        public static Options of(String pre, int vocabularySize) {
            return new Options(pre, vocabularySize, SpecialTokens.none(), 2);
        }

        public Options withSpecial(SpecialTokens tokens) {
            return new Options(pre, vocabularySize, tokens, minPairCount);
        }
    }

    private BpeTrainer() {
    }

    /** The {@code tokenizer.ggml.*} metadata of a vocabulary trained on {@code corpus}, in GGUF key order. */
    public static Map<String, GgufValue> train(String corpus, Options options) {
        PreTokenizer pre = PreTokenizer.byGgufName(options.pre()).orElseThrow();
        Map<String, long[]> wordCounts = new HashMap<>();
        for (String piece : CorpusSplitter.withoutSpecials(corpus, options.special().all())) {
            for (String word : pre.split(piece)) {
                wordCounts.computeIfAbsent(word, w -> new long[1])[0]++;
            }
        }
        List<String> unique = new ArrayList<>(wordCounts.keySet());
        unique.sort(null);
        int[][] words = new int[unique.size()][];
        long[] counts = new long[unique.size()];
        for (int w = 0; w < words.length; w++) {
            byte[] bytes = unique.get(w).getBytes(StandardCharsets.UTF_8);
            words[w] = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                words[w][i] = bytes[i] & 0xFF;
            }
            counts[w] = wordCounts.get(unique.get(w))[0];
        }

        MetadataBuilder vocab = new MetadataBuilder();
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(ByteLevel.charOf(b)), TokenType.NORMAL, 0f);
        }
        List<String> texts = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            texts.add(String.valueOf(ByteLevel.charOf(b)));
        }
        int maxMerges = options.vocabularySize() - 256 - options.special().all().size();
        List<MergeLearner.Merge> merges = MergeLearner.learn(words, counts, maxMerges, options.minPairCount(),
                (l, r) -> {
                    String text = texts.get(l) + texts.get(r);
                    if (vocab.contains(text)) {
                        return vocab.id(text); // a second way to spell a known token adds a merge, not a token
                    }
                    texts.add(text);
                    return vocab.add(text, TokenType.NORMAL, 0f);
                });
        String[] mergeTexts = merges.stream().map(m -> texts.get(m.left()) + " " + texts.get(m.right()))
                .toArray(String[]::new);

        SpecialTokens special = options.special();
        for (String t : special.control()) {
            vocab.add(t, TokenType.CONTROL, 0f);
        }
        for (String t : special.userDefined()) {
            vocab.add(t, TokenType.USER_DEFINED, 0f);
        }

        Map<String, GgufValue> md = new LinkedHashMap<>();
        md.put(MODEL, GgufValue.ofString("gpt2"));
        md.put(PRE, GgufValue.ofString(options.pre()));
        md.put(TOKENS, vocab.tokens());
        md.put(TOKEN_TYPE, vocab.types());
        md.put(MERGES, GgufValue.ofStrings(mergeTexts));
        putId(md, BOS_ID, vocab, special.bos());
        putId(md, EOS_ID, vocab, special.eos());
        putId(md, EOT_ID, vocab, special.eot());
        putId(md, PAD_ID, vocab, special.padding());
        md.put(ADD_BOS, GgufValue.ofBool(special.addBos()));
        md.put(ADD_EOS, GgufValue.ofBool(special.addEos()));
        return MetadataBuilder.frozen(md);
    }

    private static void putId(Map<String, GgufValue> md, String key, MetadataBuilder vocab, String text) {
        if (text != null) {
            md.put(key, GgufValue.ofUInt32(vocab.id(text)));
        }
    }
}
