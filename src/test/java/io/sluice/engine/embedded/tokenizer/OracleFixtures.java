package io.sluice.engine.embedded.tokenizer;

import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.tokenizer.train.BpeTrainer;
import io.sluice.engine.embedded.tokenizer.train.SentencePieceVocabBuilder;
import io.sluice.engine.embedded.tokenizer.train.SpecialTokens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabularies the oracle test runs: one trained byte-level BPE vocabulary per pre-tokenizer, written under
 * every {@code tokenizer.ggml.pre} name Sluice accepts; SentencePiece vocabularies with and without a space prefix;
 * and two hand-edited ones that reach rules trained vocabularies rarely touch (see {@link #gpt2EdgeCases} and
 * {@link #spmEdgeCases}).
 */
final class OracleFixtures {

    record Fixture(String name, Map<String, GgufValue> metadata) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String CORPUS = TestCorpus.multilingual(300_000, 20_240_517L);
    private static final SpecialTokens BPE_SPECIALS = SpecialTokens.chatMl().withUserDefined("<tool>", "</tool>");

    private OracleFixtures() {
    }

    static List<Fixture> all() {
        List<Fixture> fixtures = new ArrayList<>();
        Map<PreTokenizer, Map<String, GgufValue>> trained = new EnumMap<>(PreTokenizer.class);
        for (String name : PreTokenizer.supportedNames()) {
            PreTokenizer pre = PreTokenizer.byGgufName(name).orElseThrow();
            Map<String, GgufValue> md = new LinkedHashMap<>(trained.computeIfAbsent(pre, p -> BpeTrainer.train(CORPUS,
                    BpeTrainer.Options.of(p.ggufNames().getFirst(), 3000).withSpecial(BPE_SPECIALS))));
            md.put(TokenizerKeys.PRE, GgufValue.ofString(name));
            fixtures.add(new Fixture("gpt2/" + name, md));
        }
        fixtures.add(new Fixture("gpt2/llama-bpe, edited", gpt2EdgeCases(trained.get(PreTokenizer.LLAMA3))));
        for (boolean prefix : new boolean[] {true, false}) {
            fixtures.add(new Fixture("llama/space-prefix=" + prefix, SentencePieceVocabBuilder.build(CORPUS,
                    spmOptions(prefix))));
        }
        fixtures.add(new Fixture("llama, edited", spmEdgeCases(SentencePieceVocabBuilder.build(CORPUS,
                spmOptions(true)))));
        return fixtures;
    }

    private static SentencePieceVocabBuilder.Options spmOptions(boolean prefix) {
        return new SentencePieceVocabBuilder.Options(3000, List.of("<|im_start|>", "<|im_end|>"),
                List.of("<tool>", "</tool>"), prefix, 2);
    }

    /**
     * A trained Llama 3 vocabulary with: a whole-word token no merge reaches (" zymurgy", taken whole only because
     * llama-bpe ignores merges for such words), a merge whose result is no token (the bytes of "ж", which then drop),
     * {@code <|im_end|>} typed NORMAL (llama.cpp promotes it to CONTROL, so it is still parsed as special), and
     * tokens typed UNUSED and UNDEFINED (which decode to nothing).
     */
    static Map<String, GgufValue> gpt2EdgeCases(Map<String, GgufValue> trained) {
        Map<String, GgufValue> md = new LinkedHashMap<>(trained);
        List<String> tokens = new ArrayList<>(Arrays.asList((String[]) md.get(TokenizerKeys.TOKENS).value()));
        int[] types = (int[]) md.get(TokenizerKeys.TOKEN_TYPE).value();
        List<Integer> typeList = new ArrayList<>(Arrays.stream(types).boxed().toList());
        typeList.set(tokens.indexOf("<|im_end|>"), TokenType.NORMAL.id());
        for (String[] extra : new String[][] {{ByteLevel.encode(" zymurgy"), "1"}, {"<unused0>", "5"},
            {"<undefined0>", "0"}}) {
            tokens.add(extra[0]);
            typeList.add(Integer.parseInt(extra[1]));
        }
        List<String> merges = new ArrayList<>(Arrays.asList((String[]) md.get(TokenizerKeys.MERGES).value()));
        String zhe = ByteLevel.encode("ж");
        merges.add(zhe.charAt(0) + " " + zhe.charAt(1));
        md.put(TokenizerKeys.TOKENS, GgufValue.ofStrings(tokens.toArray(String[]::new)));
        md.put(TokenizerKeys.TOKEN_TYPE, GgufValue.ofInt32s(typeList.stream().mapToInt(Integer::intValue).toArray()));
        md.put(TokenizerKeys.MERGES, GgufValue.ofStrings(merges.toArray(String[]::new)));
        return md;
    }

    /**
     * A built SentencePiece vocabulary with scores rounded to multiples of 50 (so most bigrams tie and the
     * leftmost-first rule decides), {@code <|im_end|>} typed NORMAL, and one piece typed UNUSED.
     */
    static Map<String, GgufValue> spmEdgeCases(Map<String, GgufValue> built) {
        Map<String, GgufValue> md = new LinkedHashMap<>(built);
        float[] scores = ((float[]) md.get(TokenizerKeys.SCORES).value()).clone();
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) Math.floor(scores[i] / 50f) * 50f;
        }
        String[] tokens = (String[]) md.get(TokenizerKeys.TOKENS).value();
        int[] types = ((int[]) md.get(TokenizerKeys.TOKEN_TYPE).value()).clone();
        types[Arrays.asList(tokens).indexOf("<|im_end|>")] = TokenType.NORMAL.id();
        types[300] = TokenType.UNUSED.id();
        md.put(TokenizerKeys.SCORES, GgufValue.ofFloats(scores));
        md.put(TokenizerKeys.TOKEN_TYPE, GgufValue.ofInt32s(types));
        return md;
    }
}
