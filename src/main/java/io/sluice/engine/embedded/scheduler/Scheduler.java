package io.sluice.engine.embedded.scheduler;

import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.embedded.kvcache.KvCache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Decides, once per step, how many tokens each sequence runs: one rule for prefill and decode alike (a sequence runs
 * its pending tokens, at most the remaining step budget), so long prompts are chunked and interleaved with other
 * users' decoding. Running sequences go first, oldest first; then waiting ones by priority (lower first) and
 * arrival. When the KV pool runs dry the newest running sequence is preempted: its blocks are freed and it waits
 * to be recomputed from its tokens — never an out-of-memory error. On admission a sequence claims the cached blocks
 * of its longest registered prefix (automatic prefix caching) and computes only the rest.
 */
public final class Scheduler {

    /** Tokens {@code [from, to)} of {@code sequence} run in this step; {@code sample} when its last token does. */
    public record Slice(Sequence sequence, int from, int to, boolean sample) {
        public int length() {
            return to - from;
        }
    }

    /** What one step runs, and who was preempted to make room. */
    public record Plan(List<Slice> slices, List<Sequence> preempted) {
        public boolean isEmpty() {
            return slices.isEmpty();
        }
    }

    private static final Comparator<Sequence> WAITING_ORDER =
            Comparator.comparingInt(Sequence::priority).thenComparingLong(Sequence::arrival);

    private final KvCache cache;
    private final int maxRunning;
    private final int stepTokenBudget;
    private final PriorityQueue<Sequence> waiting = new PriorityQueue<>(WAITING_ORDER);
    /** Running sequences in arrival order (the last is the first to be preempted). */
    private final List<Sequence> running = new ArrayList<>();

    public Scheduler(KvCache cache, int maxRunning, int stepTokenBudget) {
        if (maxRunning < 1 || stepTokenBudget < 1) {
            throw new IllegalArgumentException("maxRunning and stepTokenBudget must be positive");
        }
        this.cache = cache;
        this.maxRunning = maxRunning;
        this.stepTokenBudget = stepTokenBudget;
    }

    public void add(Sequence sequence) {
        sequence.state(SequenceState.WAITING);
        waiting.add(sequence);
    }

    public List<Sequence> running() {
        return List.copyOf(running);
    }

    public int runningCount() {
        return running.size();
    }

    public int waitingCount() {
        return waiting.size();
    }

    public boolean isIdle() {
        return running.isEmpty() && waiting.isEmpty();
    }

    /** Removes a sequence wherever it is and frees its blocks. */
    public void remove(Sequence sequence) {
        waiting.remove(sequence);
        running.remove(sequence);
        release(sequence);
        sequence.state(SequenceState.FINISHED);
    }

    /** Plans the next step. */
    public Plan plan() {
        List<Slice> slices = new ArrayList<>();
        List<Sequence> preempted = new ArrayList<>();
        int budget = stepTokenBudget;

        for (int i = 0; i < running.size() && budget > 0; i++) {
            Sequence s = running.get(i);
            int n = Math.min(s.pending(), budget);
            while (!s.blocks().ensureCapacity(s.computed() + n)) {
                Sequence victim = running.getLast();
                preempt(victim);
                preempted.add(victim);
                if (victim == s) {
                    break;
                }
            }
            if (s.state() == SequenceState.WAITING) {
                break;  // s preempted itself: nothing after it is running either
            }
            slices.add(slice(s, n));
            budget -= n;
        }

        // After a preemption memory is short: admitting now would only evict what was just made room for.
        while (preempted.isEmpty() && budget > 0 && running.size() < maxRunning && !waiting.isEmpty()) {
            Sequence s = waiting.peek();
            BlockTable table = new BlockTable(cache);
            // Share cached blocks of an identical prefix; keep at least one token to compute, for its logits.
            int cached = table.claimPrefix(s.tokenBuffer(), (s.length() - 1) / cache.blockSize());
            int n = Math.min(s.length() - cached, budget);
            if (!table.ensureCapacity(cached + n)) {
                table.release();
                break;
            }
            s.blocks(table);
            s.computed(cached);
            s.admittedWithCachedTokens(cached);
            waiting.poll();
            s.state(SequenceState.PREFILLING);
            running.add(s);
            slices.add(slice(s, n));
            budget -= n;
        }
        return new Plan(List.copyOf(slices), List.copyOf(preempted));
    }

    /** Records that a slice ran: its tokens are in the cache now. */
    public void completed(Slice slice) {
        Sequence s = slice.sequence();
        s.computed(slice.to());
        s.blocks().registerFull(s.tokenBuffer(), s.computed());
        if (slice.sample()) {
            s.state(SequenceState.DECODING);
        }
    }

    private Slice slice(Sequence s, int n) {
        int from = s.computed();
        return new Slice(s, from, from + n, from + n == s.length());
    }

    private void preempt(Sequence victim) {
        running.remove(victim);
        release(victim);
        victim.computed(0);
        victim.state(SequenceState.WAITING);
        waiting.add(victim);
    }

    private static void release(Sequence s) {
        if (s.blocks() != null) {
            s.blocks().release();
            s.blocks(null);
        }
    }
}
