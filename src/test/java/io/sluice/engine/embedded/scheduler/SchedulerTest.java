package io.sluice.engine.embedded.scheduler;

import io.sluice.engine.embedded.kvcache.KvCache;
import io.sluice.engine.spi.SamplingParams;
import io.sluice.engine.spi.SequenceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batching policy alone: no model, just sequences, a block pool and plans. */
class SchedulerTest {

    private long arrivals;

    private Sequence sequence(int promptLength, int priority) {
        SequenceSpec spec = new SequenceSpec(new int[promptLength], 100, SamplingParams.GREEDY, Set.of(), priority);
        return new Sequence(++arrivals, spec, arrivals);
    }

    /** Runs a plan as if the model had: each sampled slice appends one token. */
    private static void run(Scheduler scheduler, Scheduler.Plan plan) {
        for (Scheduler.Slice slice : plan.slices()) {
            scheduler.completed(slice);
            if (slice.sample()) {
                slice.sequence().append(7);
            }
        }
    }

    @Test
    void longPromptsAreChunkedAndInterleavedWithDecoding() {
        KvCache cache = new KvCache(1, 8, 16, 64);
        Scheduler scheduler = new Scheduler(cache, 8, 32);
        Sequence short1 = sequence(5, 0);
        scheduler.add(short1);
        run(scheduler, scheduler.plan());
        assertEquals(SequenceState.DECODING, short1.state());

        Sequence long1 = sequence(100, 0);
        scheduler.add(long1);
        Scheduler.Plan plan = scheduler.plan();
        // The decoding sequence gets its one token first, the long prompt the rest of the budget.
        assertEquals(List.of(1, 31), plan.slices().stream().map(Scheduler.Slice::length).toList());
        assertTrue(plan.slices().get(0).sample());
        assertTrue(!plan.slices().get(1).sample(), "a partial prefill samples nothing");
        run(scheduler, plan);
        int steps = 1;
        while (long1.state() != SequenceState.DECODING) {
            plan = scheduler.plan();
            assertEquals(1, plan.slices().getFirst().length(), "decoding continues during the prefill");
            run(scheduler, plan);
            steps++;
        }
        assertEquals(4, steps, "100 prompt tokens in chunks of 31");
        assertEquals(101, long1.computed() + long1.pending());
    }

    @Test
    void runningSetIsBoundedAndPriorityDecidesWhoWaits() {
        KvCache cache = new KvCache(1, 8, 16, 64);
        Scheduler scheduler = new Scheduler(cache, 2, 512);
        Sequence a = sequence(4, 5);
        Sequence b = sequence(4, 0);
        Sequence c = sequence(4, 1);
        scheduler.add(a);
        scheduler.add(b);
        scheduler.add(c);
        run(scheduler, scheduler.plan());
        assertEquals(List.of(b, c), scheduler.running(), "lower priority value runs first");
        assertEquals(1, scheduler.waitingCount());
        scheduler.remove(b);
        run(scheduler, scheduler.plan());
        assertTrue(scheduler.running().contains(a), "a place freed is taken by the waiting sequence");
    }

    @Test
    void runningOutOfBlocksPreemptsTheNewestAndRecomputesItLater() {
        KvCache cache = new KvCache(1, 8, 4, 6);   // 24 token slots
        Scheduler scheduler = new Scheduler(cache, 8, 512);
        Sequence old = sequence(7, 0);
        Sequence young = sequence(7, 0);
        scheduler.add(old);
        scheduler.add(young);
        run(scheduler, scheduler.plan());   // 2 blocks each, 2 free
        int preemptions = 0;
        for (int step = 0; step < 12; step++) {
            Scheduler.Plan plan = scheduler.plan();
            preemptions += plan.preempted().size();
            if (!plan.preempted().isEmpty()) {
                assertEquals(List.of(young), plan.preempted(), "the newest sequence is preempted");
                assertEquals(0, young.computed(), "its cache is dropped, to be recomputed");
                assertEquals(SequenceState.WAITING, young.state());
            }
            run(scheduler, plan);
        }
        assertTrue(preemptions >= 1, "the pool ran dry at least once");
        assertEquals(SequenceState.DECODING, old.state(), "the oldest sequence keeps running");
        assertTrue(cache.pool().freeBlocks() >= 0);
        scheduler.remove(old);
        scheduler.remove(young);
        assertEquals(6, cache.pool().freeBlocks(), "every block returns to the pool");
    }

    @Test
    void removingAWaitingOrRunningSequenceFreesItsBlocks() {
        KvCache cache = new KvCache(1, 8, 16, 8);
        Scheduler scheduler = new Scheduler(cache, 4, 512);
        Sequence a = sequence(40, 0);
        scheduler.add(a);
        run(scheduler, scheduler.plan());
        assertEquals(3, cache.pool().usedBlocks());
        scheduler.remove(a);
        assertEquals(0, cache.pool().usedBlocks());
        assertTrue(scheduler.isIdle());
        assertEquals(SequenceState.FINISHED, a.state());
    }

    @Test
    void anIdenticalPrefixIsSharedAndFreedBlocksStayCachedUntilNeeded() {
        KvCache cache = new KvCache(1, 8, 16, 8);
        Scheduler scheduler = new Scheduler(cache, 4, 512);
        int[] prompt = new int[40];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = i + 1;
        }
        Sequence first = new Sequence(++arrivals, new SequenceSpec(prompt, 10, SamplingParams.GREEDY), arrivals);
        scheduler.add(first);
        run(scheduler, scheduler.plan());
        assertEquals(0, first.cachedPromptTokens());
        scheduler.remove(first);
        assertEquals(0, cache.pool().usedBlocks(), "released blocks are free for allocation");
        assertEquals(2, cache.pool().cachedBlocks(), "…but the two full prompt blocks keep their content");

        Sequence second = new Sequence(++arrivals, new SequenceSpec(prompt, 10, SamplingParams.GREEDY), arrivals);
        scheduler.add(second);
        Scheduler.Plan plan = scheduler.plan();
        assertEquals(32, second.cachedPromptTokens(), "two full blocks of the prompt come from the cache");
        assertEquals(8, plan.slices().getFirst().length(), "only the rest of the prompt is computed");
        run(scheduler, plan);

        int[] other = prompt.clone();
        other[20] = 999;   // differs in the second block: only the first block is shared
        Sequence third = new Sequence(++arrivals, new SequenceSpec(other, 10, SamplingParams.GREEDY), arrivals);
        scheduler.add(third);
        run(scheduler, scheduler.plan());
        assertEquals(16, third.cachedPromptTokens());
        assertEquals(third.blocks().block(0), second.blocks().block(0), "the shared block is the same block");
    }

    @Test
    void cachedBlocksAreEvictedLeastRecentlyUsedFirstWhenSpaceIsNeeded() {
        KvCache cache = new KvCache(1, 8, 4, 4);   // 4 blocks of 4 tokens
        Scheduler scheduler = new Scheduler(cache, 4, 512);
        Sequence a = new Sequence(++arrivals, new SequenceSpec(new int[] {1, 2, 3, 4, 5}, 1, SamplingParams.GREEDY),
                arrivals);
        scheduler.add(a);
        run(scheduler, scheduler.plan());
        scheduler.remove(a);
        assertEquals(1, cache.pool().cachedBlocks());
        Sequence big = new Sequence(++arrivals, new SequenceSpec(new int[15], 1, SamplingParams.GREEDY), arrivals);
        scheduler.add(big);
        run(scheduler, scheduler.plan());
        assertEquals(4, cache.pool().usedBlocks(), "the cached block was evicted to make room");
        scheduler.remove(big);
        Sequence again = new Sequence(++arrivals, new SequenceSpec(new int[] {1, 2, 3, 4, 5}, 1,
                SamplingParams.GREEDY), arrivals);
        scheduler.add(again);
        scheduler.plan();
        assertEquals(0, again.cachedPromptTokens(), "its content is gone");
    }
}
