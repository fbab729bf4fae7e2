package io.sluice.engine.embedded.tokenizer.train;

import static io.sluice.engine.embedded.tokenizer.TokenizerKeys.*;

import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.tokenizer.TokenType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a SentencePiece-style vocabulary (GGUF {@code llama}) laid out as Llama 2's: {@code <unk>}, {@code <s>},
 * {@code </s>}, the 256 byte tokens {@code <0x00>..<0xFF>}, then pieces by descending score, then any extra special
 * tokens. Pieces come from a BPE-like procedure over the corpus with spaces escaped to U+2581 (as the tokenizer sees
 * it): the corpus' characters (whitespace other than U+2581 excepted, so newlines and tabs go through byte
 * fallback) and merges learned within words, scored {@code -k} for the k-th merge and below every merge for single
 * characters. Deterministic.
 */
public final class SentencePieceVocabBuilder {

    private static final char ESCAPED_SPACE = '\u2581';
    /** Words: a letter run, a digit, a punctuation run (each with an optional leading U+2581), U+2581 runs, other
     * whitespace one character at a time. A run of U+2581 before a word leaves the last one to the word. */
    private static final Pattern WORD = Pattern.compile(
            "\u2581?\\p{L}[\\p{L}\\p{M}]*|\u2581?\\p{N}|\u2581?[^\u2581\\s\\p{L}\\p{N}]+"
                    + "|\u2581+(?=\u2581)|\u2581+|\\s");

    /**
     * @param vocabularySize   the most tokens to end up with, the 259 fixed ones and the extra specials included
     * @param controlTokens    extra CONTROL tokens (chat markers), appended last
     * @param userDefinedTokens extra USER_DEFINED tokens, appended after the CONTROL ones
     * @param addSpacePrefix   {@code tokenizer.ggml.add_space_prefix}
     * @param minPairCount     a pair seen fewer times than this is not merged
     */
    public record Options(int vocabularySize, List<String> controlTokens, List<String> userDefinedTokens,
            boolean addSpacePrefix, int minPairCount) {

        public Options {
            controlTokens = List.copyOf(controlTokens);
            userDefinedTokens = List.copyOf(userDefinedTokens);
            if (vocabularySize <= FIXED + controlTokens.size() + userDefinedTokens.size()) {
                throw new IllegalArgumentException("vocabularySize " + vocabularySize + " leaves no room for pieces");
            }
            if (minPairCount < 1) {
                throw new IllegalArgumentException("minPairCount must be at least 1, got " + minPairCount);
            }
        }

        /** Llama 2's defaults: space prefix on, no extra specials, pairs seen at least twice. */
        public static Options of(int vocabularySize) {
            return new Options(vocabularySize, List.of(), List.of(), true, 2);
        }

        public Options withSpecials(List<String> control, List<String> userDefined) {
            return new Options(vocabularySize, control, userDefined, addSpacePrefix, minPairCount);
        }
    }

    /** {@code <unk>}, {@code <s>}, {@code </s>} and the 256 byte tokens. */
    private static final int FIXED = 3 + 256;

    private SentencePieceVocabBuilder() {
    }

    /** The {@code tokenizer.ggml.*} metadata of a vocabulary built from {@code corpus}, in GGUF key order. */
    public static Map<String, GgufValue> build(String corpus, Options options) {
        List<String> specials = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        specials.addAll(options.controlTokens());
        specials.addAll(options.userDefinedTokens());

        Map<String, long[]> wordCounts = new HashMap<>();
        for (String piece : CorpusSplitter.withoutSpecials(corpus, specials)) {
            String escaped = ((options.addSpacePrefix() ? " " : "") + piece).replace(' ', ESCAPED_SPACE);
            Matcher m = WORD.matcher(escaped);
            while (m.find()) {
                wordCounts.computeIfAbsent(m.group(), w -> new long[1])[0]++;
            }
        }
        List<String> unique = new ArrayList<>(wordCounts.keySet());
        unique.sort(null);

        // the alphabet: most frequent characters first, as many as half the room for pieces allows
        Map<Integer, long[]> charCounts = new HashMap<>();
        for (String w : unique) {
            long count = wordCounts.get(w)[0];
            w.codePoints().filter(SentencePieceVocabBuilder::isPieceCharacter)
                    .forEach(cp -> charCounts.computeIfAbsent(cp, c -> new long[1])[0] += count);
        }
        int room = options.vocabularySize() - FIXED - options.controlTokens().size()
                - options.userDefinedTokens().size();
        List<Integer> alphabet = charCounts.keySet().stream()
                .sorted(Comparator.<Integer>comparingLong(cp -> -charCounts.get(cp)[0]).thenComparing(cp -> cp))
                .limit(Math.max(1, room / 2)).toList();

        List<String> texts = new ArrayList<>();
        Map<String, Integer> internal = new HashMap<>();
        for (int cp : alphabet) {
            internal.put(Character.toString(cp), texts.size());
            texts.add(Character.toString(cp));
        }
        int[][] words = new int[unique.size()][];
        long[] counts = new long[unique.size()];
        for (int w = 0; w < words.length; w++) {
            words[w] = unique.get(w).codePoints()
                    .map(cp -> internal.getOrDefault(Character.toString(cp), MergeLearner.BARRIER)).toArray();
            counts[w] = wordCounts.get(unique.get(w))[0];
        }
        int characters = texts.size();
        List<MergeLearner.Merge> merges = MergeLearner.learn(words, counts, room - characters,
                options.minPairCount(), (l, r) -> internal.computeIfAbsent(texts.get(l) + texts.get(r), t -> {
                    texts.add(t);
                    return texts.size() - 1;
                }));

        MetadataBuilder vocab = new MetadataBuilder();
        vocab.add("<unk>", TokenType.UNKNOWN, 0f);
        vocab.add("<s>", TokenType.CONTROL, 0f);
        vocab.add("</s>", TokenType.CONTROL, 0f);
        for (int b = 0; b < 256; b++) {
            vocab.add(String.format("<0x%02X>", b), TokenType.BYTE, 0f);
        }
        Set<String> reserved = Set.copyOf(specials);
        int rank = 0;
        for (MergeLearner.Merge merge : merges) {
            String text = texts.get(merge.result());
            if (merge.result() >= characters && !vocab.contains(text) && !reserved.contains(text)) {
                vocab.add(text, TokenType.NORMAL, -rank);
                rank++;
            }
        }
        for (int c = 0; c < characters; c++) {
            if (!vocab.contains(texts.get(c))) {
                vocab.add(texts.get(c), TokenType.NORMAL, -(rank + c));
            }
        }
        for (String t : options.controlTokens()) {
            vocab.add(t, TokenType.CONTROL, 0f);
        }
        for (String t : options.userDefinedTokens()) {
            vocab.add(t, TokenType.USER_DEFINED, 0f);
        }

        Map<String, GgufValue> md = new LinkedHashMap<>();
        md.put(MODEL, GgufValue.ofString("llama"));
        md.put(TOKENS, vocab.tokens());
        md.put(SCORES, vocab.scores());
        md.put(TOKEN_TYPE, vocab.types());
        md.put(BOS_ID, GgufValue.ofUInt32(1));
        md.put(EOS_ID, GgufValue.ofUInt32(2));
        md.put(UNK_ID, GgufValue.ofUInt32(0));
        md.put(ADD_BOS, GgufValue.ofBool(true));
        md.put(ADD_EOS, GgufValue.ofBool(false));
        md.put(ADD_SPACE_PREFIX, GgufValue.ofBool(options.addSpacePrefix()));
        return MetadataBuilder.frozen(md);
    }

    /** Characters that become pieces: anything but whitespace and control characters (U+2581 is not whitespace). */
    private static boolean isPieceCharacter(int cp) {
        return !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && Character.getType(cp) != Character.CONTROL;
    }
}
