package io.sluice.engine.embedded.tokenizer;

import static io.sluice.engine.embedded.tokenizer.TokenizerKeys.*;

import io.sluice.engine.embedded.gguf.GgufMetadata;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.gguf.GgufValueType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** Turns {@code tokenizer.ggml.*} metadata into a {@link Vocabulary}, in the order llama.cpp's loader works. */
final class VocabularyLoader {

    private static final System.Logger LOG = System.getLogger(VocabularyLoader.class.getName());

    private VocabularyLoader() {
    }

    static Vocabulary load(GgufMetadata md) {
        String modelName = md.getString(MODEL);
        TokenizerKind kind = TokenizerKind.byGgufName(modelName).orElseThrow(() -> md.fail(MODEL,
                "names tokenizer '" + modelName + "', which Sluice does not implement (supported: gpt2, llama)"));

        PreTokenizer pre = null;
        boolean addBos;
        boolean addSpacePrefix;
        if (kind == TokenizerKind.GPT2) {
            Optional<String> preName = md.findString(PRE);
            if (preName.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "{0}: no {1}; using llama.cpp''s ''default'' word split,"
                        + " which is probably not the one this model was trained with", md.source(), PRE);
                pre = PreTokenizer.DEFAULT;
            } else {
                pre = PreTokenizer.byGgufName(preName.get()).orElseThrow(() -> md.fail(PRE, "names pre-tokenizer '"
                        + preName.get() + "', which Sluice does not implement (supported: "
                        + String.join(", ", PreTokenizer.supportedNames()) + ")"));
            }
            addBos = pre.addsBosByDefault();
            addSpacePrefix = false;
        } else {
            addBos = true;
            addSpacePrefix = true;
        }
        addSpacePrefix = md.getBoolean(ADD_SPACE_PREFIX, addSpacePrefix);

        String[] tokens = md.getStringArray(TOKENS).clone();
        int n = tokens.length;
        if (n == 0) {
            throw md.fail(TOKENS, "is empty");
        }
        float[] scores = readScores(md, n);
        TokenType[] types = readTypes(md, n);
        Map<String, Integer> ids = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            if (tokens[i].isEmpty()) {
                tokens[i] = "[EMPTY_" + i + "]"; // llama.cpp's stand-in, so the text can never match empty input
            }
            Integer previous = ids.putIfAbsent(tokens[i], i);
            if (previous != null) {
                throw md.fail(TOKENS, "holds the token '" + tokens[i] + "' twice (ids " + previous + " and " + i + ")");
            }
        }

        Map<Long, Integer> ranks = new HashMap<>();
        int[] results = new int[0];
        if (kind == TokenizerKind.GPT2) {
            String[] merges = md.getStringArray(MERGES);
            results = new int[merges.length];
            for (int rank = 0; rank < merges.length; rank++) {
                String merge = merges[rank];
                int space = merge.indexOf(' ', 1);
                if (space < 0) {
                    throw md.fail(MERGES, "entry " + rank + " ('" + merge
                            + "') is not two tokens separated by a space");
                }
                String left = merge.substring(0, space);
                String right = merge.substring(space + 1);
                int l = tokenOf(md, ids, rank, merge, left);
                int r = tokenOf(md, ids, rank, merge, right);
                ranks.putIfAbsent(((long) l << 32) | r, rank);
                results[rank] = ids.getOrDefault(left + right, -1);
            }
        }

        SpecialIds special = SpecialIds.defaultsFor(kind, n);
        special.bos = readId(md, BOS_ID, special.bos, n);
        special.eos = readId(md, EOS_ID, special.eos, n);
        special.eot = readId(md, EOT_ID, special.eot, n);
        special.eom = readId(md, EOM_ID, special.eom, n);
        special.unk = readId(md, UNK_ID, special.unk, n);
        special.sep = readId(md, SEP_ID, special.sep, n);
        special.pad = readId(md, PAD_ID, special.pad, n);
        special.mask = readId(md, MASK_ID, special.mask, n);
        special.fimPre = readId(md, FIM_PRE_ID, special.fimPre, n);
        special.fimSuf = readId(md, FIM_SUF_ID, special.fimSuf, n);
        special.fimMid = readId(md, FIM_MID_ID, special.fimMid, n);
        special.fimPad = readId(md, FIM_PAD_ID, special.fimPad, n);
        special.fimRep = readId(md, FIM_REP_ID, special.fimRep, n);
        special.fimSep = readId(md, FIM_SEP_ID, special.fimSep, n);
        special.fimPre = readId(md, PREFIX_ID, special.fimPre, n);
        special.fimSuf = readId(md, SUFFIX_ID, special.fimSuf, n);
        special.fimMid = readId(md, MIDDLE_ID, special.fimMid, n);

        addBos = md.getBoolean(ADD_BOS, addBos);
        boolean addEos = md.getBoolean(ADD_EOS, false);
        if (addBos && special.bos < 0) {
            throw md.fail(ADD_BOS, "is true but the vocabulary has no BOS token (" + BOS_ID + ")");
        }
        if (addEos && special.eos < 0) {
            throw md.fail(ADD_EOS, "is true but the vocabulary has no EOS token (" + EOS_ID + ")");
        }

        BitSet eog = SpecialTokenRules.apply(tokens, types, special);
        int[] utf8Length = Arrays.stream(tokens).mapToInt(t -> t.getBytes(StandardCharsets.UTF_8).length).toArray();
        int[] specials = IntStream.range(0, n).filter(id -> types[id].isSpecial()).boxed()
                .sorted(Comparator.<Integer>comparingInt(id -> -utf8Length[id]).thenComparingInt(id -> id))
                .mapToInt(Integer::intValue).toArray();

        return new Vocabulary(md.source(), kind, pre, tokens, scores, types, ids, ranks, results, special, addBos,
                addEos, addSpacePrefix, eog, specials);
    }

    private static int tokenOf(GgufMetadata md, Map<String, Integer> ids, int rank, String merge, String text) {
        Integer id = ids.get(text);
        if (id == null) {
            throw md.fail(MERGES, "entry " + rank + " ('" + merge + "') names '" + text + "', which is not in "
                    + TOKENS);
        }
        return id;
    }

    /** llama.cpp accepts FLOAT32 or INT32 scores; absent scores are all 0. */
    private static float[] readScores(GgufMetadata md, int n) {
        Optional<GgufValue> v = md.value(SCORES);
        if (v.isEmpty()) {
            return new float[n];
        }
        float[] scores;
        if (v.get().type() == GgufValueType.ARRAY && v.get().elementType().isInteger()) {
            int[] ints = md.getIntArray(SCORES);
            scores = new float[ints.length];
            for (int i = 0; i < ints.length; i++) {
                scores[i] = ints[i];
            }
        } else {
            scores = md.getFloatArray(SCORES);
        }
        if (scores.length < n) {
            throw md.fail(SCORES, "has " + scores.length + " entries for " + n + " tokens");
        }
        return Arrays.copyOf(scores, n);
    }

    /** Absent types are all NORMAL, as in llama.cpp. */
    private static TokenType[] readTypes(GgufMetadata md, int n) {
        TokenType[] types = new TokenType[n];
        if (!md.contains(TOKEN_TYPE)) {
            Arrays.fill(types, TokenType.NORMAL);
            return types;
        }
        int[] raw = md.getIntArray(TOKEN_TYPE);
        if (raw.length < n) {
            throw md.fail(TOKEN_TYPE, "has " + raw.length + " entries for " + n + " tokens");
        }
        for (int i = 0; i < n; i++) {
            types[i] = TokenType.byId(raw[i]);
        }
        return types;
    }

    /** An id from the file when it is inside the vocabulary; otherwise llama.cpp keeps its default. */
    private static int readId(GgufMetadata md, String key, int current, int n) {
        if (!md.contains(key)) {
            return current;
        }
        long id = md.getLong(key);
        if (id < 0 || id >= n) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} = {2} is outside the vocabulary of {3}; using {4}",
                    md.source(), key, id, n, current);
            return current;
        }
        return (int) id;
    }
}
