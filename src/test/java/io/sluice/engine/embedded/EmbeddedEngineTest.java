package io.sluice.engine.embedded;

import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.testing.TestModels;
import io.sluice.engine.spi.EngineFinish;
import io.sluice.engine.spi.SamplingParams;
import io.sluice.engine.spi.SequenceEvent;
import io.sluice.engine.spi.SequenceSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded engine through its SPI, on a tiny generated model: batching, invariance, stops, cancellation. */
class EmbeddedEngineTest {

    private static EmbeddedEngine engine;

    @BeforeAll
    static void load() {
        KernelPool pool = new KernelPool(2);
        EmbeddedModel model = EmbeddedModel.load(TestModels.tinyChatModel(), pool);
        engine = new EmbeddedEngine(model, "tiny", pool, new EmbeddedEngine.Options(4096, 16, 16, 64));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Runs a sequence to the end; returns its generated ids, the Finished event last (as ids -1..). */
    private static CompletableFuture<Result> run(SequenceSpec spec) {
        CompletableFuture<Result> done = new CompletableFuture<>();
        List<Integer> ids = new ArrayList<>();
        engine.generate(spec).subscribe().with(
                event -> {
                    switch (event) {
                        case SequenceEvent.Tokens t -> {
                            for (int id : t.ids()) {
                                ids.add(id);
                            }
                        }
                        case SequenceEvent.Finished f -> done.complete(
                                new Result(ids.stream().mapToInt(Integer::intValue).toArray(), f));
                    }
                },
                done::completeExceptionally);
        return done;
    }

    private record Result(int[] ids, SequenceEvent.Finished finished) {
    }

    private static int[] prompt(String text) {
        return engine.codec().encodeText(text);
    }

    @Test
    void aGreedyRequestGivesTheSameTokensAloneAndAmongFifteenOthers() throws Exception {
        SequenceSpec probe = new SequenceSpec(prompt("The quick brown fox"), 40,
                SamplingParams.GREEDY.withIgnoreEos(true));
        int[] alone = run(probe).get(60, TimeUnit.SECONDS).ids();
        assertEquals(40, alone.length);

        List<CompletableFuture<Result>> crowd = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            SamplingParams sampled = new SamplingParams(0.9f, 40, 0.95f, 0f, 0f, 0f, 1f, Map.of(), i, true);
            crowd.add(run(new SequenceSpec(prompt("Other prompt number " + i + " with its own length"), 30 + i,
                    sampled)));
        }
        CompletableFuture<Result> again = run(probe);
        for (CompletableFuture<Result> f : crowd) {
            f.get(120, TimeUnit.SECONDS);
        }
        assertArrayEquals(alone, again.get(120, TimeUnit.SECONDS).ids(),
                "batching must not change a sequence's tokens");
    }

    @Test
    void theSameSeedGivesTheSameTextAndStopTokensEndTheSequence() throws Exception {
        SamplingParams p = new SamplingParams(1.0f, 0, 1f, 0f, 0f, 0f, 1f, Map.of(), 1234, true);
        int[] a = run(new SequenceSpec(prompt("Hello"), 25, p)).get(60, TimeUnit.SECONDS).ids();
        int[] b = run(new SequenceSpec(prompt("Hello"), 25, p)).get(60, TimeUnit.SECONDS).ids();
        assertArrayEquals(a, b);

        // Ask to stop at the token the sequence produces third: it ends there, reporting that token.
        Result stopped = run(new SequenceSpec(prompt("Hello"), 25, p, Set.of(a[2]), 0)).get(60, TimeUnit.SECONDS);
        int firstHit = 0;
        while (a[firstHit] != a[2]) {
            firstHit++;
        }
        assertEquals(firstHit, stopped.ids().length);
        assertEquals(EngineFinish.STOP, stopped.finished().reason());
        assertEquals(a[2], stopped.finished().stopToken());
        assertEquals(firstHit + 1, stopped.finished().generatedTokens());
    }

    @Test
    void lengthFinishAndUsageCounts() throws Exception {
        int[] p = prompt("Count these tokens please");
        Result r = run(new SequenceSpec(p, 7, SamplingParams.GREEDY.withIgnoreEos(true))).get(60, TimeUnit.SECONDS);
        assertEquals(EngineFinish.LENGTH, r.finished().reason());
        assertEquals(7, r.ids().length);
        assertEquals(7, r.finished().generatedTokens());
        assertEquals(p.length, r.finished().promptTokens());
    }

    @Test
    void cancellingASubscriptionFreesTheSequenceWithinAStep() throws Exception {
        var subscription = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Flow.Subscription>();
        CompletableFuture<Void> firstToken = new CompletableFuture<>();
        engine.generate(new SequenceSpec(prompt("Forever"), 100_000, SamplingParams.GREEDY.withIgnoreEos(true)))
                .subscribe().withSubscriber(new java.util.concurrent.Flow.Subscriber<SequenceEvent>() {
                    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                        subscription.set(s);
                        s.request(Long.MAX_VALUE);
                    }

                    public void onNext(SequenceEvent e) {
                        firstToken.complete(null);
                    }

                    public void onError(Throwable t) {
                    }

                    public void onComplete() {
                    }
                });
        firstToken.get(30, TimeUnit.SECONDS);
        assertEquals(1, engine.runningSequences() + engine.waitingSequences());
        subscription.get().cancel();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (engine.runningSequences() + engine.waitingSequences() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, engine.runningSequences() + engine.waitingSequences());
    }

    @Test
    void aPromptLongerThanTheContextFailsTheStream() {
        int[] huge = new int[engine.card().contextLength() + 5];
        var failure = assertInstanceOf(java.util.concurrent.ExecutionException.class,
                org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                        () -> run(new SequenceSpec(huge, 5, SamplingParams.GREEDY)).get(30, TimeUnit.SECONDS)));
        assertTrue(failure.getCause() instanceof IllegalArgumentException, failure.getCause().toString());
    }

    @Test
    void aRepeatedPrefixIsServedFromTheCacheWithIdenticalTokens() throws Exception {
        String system = "You are a helpful assistant. ".repeat(6);
        int[] first = prompt(system + "First question?");
        int[] second = prompt(system + "Second question, a different one?");
        SamplingParams greedy = SamplingParams.GREEDY.withIgnoreEos(true);
        Result cold = run(new SequenceSpec(second, 20, greedy)).get(60, TimeUnit.SECONDS);
        // Warm the cache with another prompt sharing the prefix, then ask the same again.
        run(new SequenceSpec(first, 5, greedy)).get(60, TimeUnit.SECONDS);
        Result warm = run(new SequenceSpec(second, 20, greedy)).get(60, TimeUnit.SECONDS);
        assertTrue(warm.finished().cachedTokens() >= 16, "cached " + warm.finished().cachedTokens());
        assertTrue(warm.finished().cachedTokens() < second.length);
        assertArrayEquals(cold.ids(), warm.ids(), "reused KV blocks give exactly the tokens a cold run gives");
    }
}
