package io.sluice.engine.embedded.scheduler;

import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.spi.SequenceSpec;

import java.util.Arrays;

/**
 * One sequence's state, owned by the engine loop: its tokens (prompt then generated), how many of them are in the
 * KV cache, and its blocks. After preemption everything computed is dropped and recomputed from the tokens.
 */
public final class Sequence {

    private final long id;
    private final SequenceSpec spec;
    private final long arrival;
    private int[] tokens;
    private int length;
    private int computed;
    private int generated;
    private SequenceState state = SequenceState.WAITING;
    private BlockTable blocks;
    private int cachedPromptTokens;
    private boolean admitted;

    public Sequence(long id, SequenceSpec spec, long arrival) {
        this.id = id;
        this.spec = spec;
        this.arrival = arrival;
        this.tokens = Arrays.copyOf(spec.promptTokens(), spec.promptTokens().length + 16);
        this.length = spec.promptTokens().length;
    }

    public long id() {
        return id;
    }

    public SequenceSpec spec() {
        return spec;
    }

    /** Order of admission, for first-come-first-served and for preempting the newest. */
    public long arrival() {
        return arrival;
    }

    public int priority() {
        return spec.priority();
    }

    public SequenceState state() {
        return state;
    }

    void state(SequenceState next) {
        this.state = next;
    }

    /** Tokens known so far: prompt plus generated. */
    public int length() {
        return length;
    }

    public int promptLength() {
        return spec.promptTokens().length;
    }

    /** Tokens whose keys and values are in the cache. */
    public int computed() {
        return computed;
    }

    void computed(int n) {
        this.computed = n;
    }

    /** Tokens still to run through the model before the next token can be sampled. */
    public int pending() {
        return length - computed;
    }

    public int generated() {
        return generated;
    }

    public int token(int index) {
        return tokens[index];
    }

    int[] tokens(int from, int to) {
        return Arrays.copyOfRange(tokens, from, to);
    }

    /** The token buffer itself (valid up to {@link #length()}); read on the engine loop thread only, never kept. */
    int[] tokenBuffer() {
        return tokens;
    }

    void append(int token) {
        if (length == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[length++] = token;
        generated++;
    }

    public BlockTable blocks() {
        return blocks;
    }

    void blocks(BlockTable table) {
        this.blocks = table;
    }

    public int cachedPromptTokens() {
        return cachedPromptTokens;
    }

    /**
     * Records how many tokens a prefix-cache hit spared at admission. Only the first admission counts: that is what
     * the client's usage reports; recomputing after a preemption is the server's business.
     */
    void admittedWithCachedTokens(int n) {
        if (!admitted) {
            admitted = true;
            cachedPromptTokens = Math.min(n, promptLength());
        }
    }

    @Override
    public String toString() {
        return "seq-" + id + "[" + state + ", " + computed + "/" + length + "]";
    }
}
