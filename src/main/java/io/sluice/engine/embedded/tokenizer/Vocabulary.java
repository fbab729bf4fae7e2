package io.sluice.engine.embedded.tokenizer;

import io.sluice.engine.embedded.gguf.GgufMetadata;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A tokenizer's vocabulary as llama.cpp sees it after loading: token texts, scores, effective types, BPE merge
 * ranks, special ids (file values over llama.cpp's defaults, plus the ones it finds by text), the add-BOS/EOS and
 * space-prefix flags, and the end-of-generation set. Immutable; built by {@link #fromGguf}.
 */
public final class Vocabulary {

    private final String source;
    private final TokenizerKind kind;
    private final PreTokenizer preTokenizer;
    private final String[] tokens;
    private final float[] scores;
    private final TokenType[] types;
    private final Map<String, Integer> ids;
    private final Map<Long, Integer> mergeRanks;
    private final int[] mergeResults;
    private final SpecialIds special;
    private final boolean addBos;
    private final boolean addEos;
    private final boolean addSpacePrefix;
    private final BitSet endOfGeneration;
    private final int[] specialsLongestFirst;

    Vocabulary(String source, TokenizerKind kind, PreTokenizer preTokenizer, String[] tokens, float[] scores,
            TokenType[] types, Map<String, Integer> ids, Map<Long, Integer> mergeRanks, int[] mergeResults,
            SpecialIds special, boolean addBos, boolean addEos, boolean addSpacePrefix, BitSet endOfGeneration,
            int[] specialsLongestFirst) {
        this.source = source;
        this.kind = kind;
        this.preTokenizer = preTokenizer;
        this.tokens = tokens;
        this.scores = scores;
        this.types = types;
        this.ids = ids;
        this.mergeRanks = mergeRanks;
        this.mergeResults = mergeResults;
        this.special = special;
        this.addBos = addBos;
        this.addEos = addEos;
        this.addSpacePrefix = addSpacePrefix;
        this.endOfGeneration = endOfGeneration;
        this.specialsLongestFirst = specialsLongestFirst;
    }

    /**
     * Reads the {@code tokenizer.ggml.*} keys. Fails with a {@link io.sluice.engine.embedded.gguf.GgufFormatException}
     * naming the file and key for a missing or mistyped key, an unsupported tokenizer or pre-tokenizer, a duplicate
     * token, or a merge that names a text the vocabulary lacks.
     */
    public static Vocabulary fromGguf(GgufMetadata metadata) {
        return VocabularyLoader.load(metadata);
    }

    /** The file the vocabulary came from, for messages. */
    public String source() {
        return source;
    }

    public TokenizerKind kind() {
        return kind;
    }

    /** The word split for {@link TokenizerKind#GPT2}; empty for SentencePiece vocabularies, which split nothing. */
    public Optional<PreTokenizer> preTokenizer() {
        return Optional.ofNullable(preTokenizer);
    }

    public int size() {
        return tokens.length;
    }

    /** The token's text as stored in the file (byte-level characters for GPT-2 style, U+2581 for spaces in SPM). */
    public String token(int id) {
        return tokens[id];
    }

    public float score(int id) {
        return scores[id];
    }

    /** The effective type: the file's, with llama.cpp's load-time promotions applied. */
    public TokenType type(int id) {
        return types[id];
    }

    /** The id of the token with exactly this text. */
    public OptionalInt id(String text) {
        Integer id = ids.get(text);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Number of BPE merges ({@code tokenizer.ggml.merges}); 0 for SentencePiece vocabularies. */
    public int mergeCount() {
        return mergeResults.length;
    }

    public OptionalInt bos() {
        return optional(special.bos);
    }

    public OptionalInt eos() {
        return optional(special.eos);
    }

    public OptionalInt eot() {
        return optional(special.eot);
    }

    public OptionalInt eom() {
        return optional(special.eom);
    }

    public OptionalInt unknown() {
        return optional(special.unk);
    }

    public OptionalInt padding() {
        return optional(special.pad);
    }

    /** Whether encoding with special tokens starts with BOS ({@code tokenizer.ggml.add_bos_token} or the default). */
    public boolean addsBos() {
        return addBos;
    }

    public boolean addsEos() {
        return addEos;
    }

    /** SentencePiece: whether a space is put before text that starts the input or follows a special token. */
    public boolean addsSpacePrefix() {
        return addSpacePrefix;
    }

    public boolean isEndOfGeneration(int id) {
        return id >= 0 && endOfGeneration.get(id);
    }

    /** Every end-of-generation id, ascending. */
    public int[] endOfGenerationIds() {
        return endOfGeneration.stream().toArray();
    }

    /** Returns {@code id}, or fails naming the valid range. */
    int checkId(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("token id " + id + " is outside 0.." + (tokens.length - 1));
        }
        return id;
    }

    /** The id with this text, or -1. */
    int find(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    /** The rank (position in the merge list) of merging token {@code left} with token {@code right}, or -1. */
    int mergeRank(int left, int right) {
        Integer rank = mergeRanks.get(((long) left << 32) | (right & 0xFFFFFFFFL));
        return rank == null ? -1 : rank;
    }

    /** The id of the text that merge {@code rank} makes, or -1 when that text is not a token. */
    int mergeResult(int rank) {
        return mergeResults[rank];
    }

    /** Ids of CONTROL, USER_DEFINED and UNKNOWN tokens, longest UTF-8 text first: the order they are searched for. */
    int[] specialsLongestFirst() {
        return specialsLongestFirst;
    }

    int bosId() {
        return special.bos;
    }

    int eosId() {
        return special.eos;
    }

    int unkId() {
        return special.unk;
    }

    private static OptionalInt optional(int id) {
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public String toString() {
        return "Vocabulary[" + kind.ggufName() + (preTokenizer == null ? "" : "/" + preTokenizer.ggufNames().getFirst())
                + ", " + tokens.length + " tokens, " + mergeResults.length + " merges, from " + source + "]";
    }
}
