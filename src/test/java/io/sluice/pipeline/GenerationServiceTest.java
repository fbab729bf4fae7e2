package io.sluice.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.sluice.engine.spi.ChatMessage;
import io.sluice.engine.spi.SamplingParams;
import io.sluice.observability.ServingMetrics;
import io.sluice.testing.FakeCodec;
import io.sluice.testing.FakeEngine;
import io.sluice.testing.FakeModelRegistry;
import io.sluice.testing.FakeSequence;
import io.sluice.testing.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline over the fake engine, without HTTP: routing, tokenizing, output processing, n choices, cancel. */
class GenerationServiceTest {

    private final FakeModelRegistry registry = new FakeModelRegistry();
    private final FakeEngine engine = registry.engine();
    private final GenerationService service = new GenerationService(registry);
    private final ServingMetrics metrics = new ServingMetrics(new SimpleMeterRegistry());

    @BeforeEach
    void reset() {
        engine.reset();
    }

    private static GenerationOrder order(String user, OptionalInt maxTokens, int n, long seed, List<String> stop) {
        return new GenerationOrder(Optional.of(FakeEngine.MODEL),
                new Prompt.Chat(List.of(new ChatMessage("user", user))), maxTokens, n,
                SamplingParams.GREEDY.withSeed(seed), stop, Set.of());
    }

    private static GenerationOrder order(String user) {
        return order(user, OptionalInt.empty(), 1, 0, List.of());
    }

    private List<GenerationEvent> run(GenerationOrder order) {
        return service.stream(service.prepare(order), metrics.trace("t", "test"))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE))
                .awaitCompletion(Duration.ofSeconds(5))
                .getItems();
    }

    private static String text(List<GenerationEvent> events, int choice) {
        StringBuilder text = new StringBuilder();
        for (GenerationEvent event : events) {
            switch (event) {
                case GenerationEvent.Delta d when d.choice() == choice -> text.append(d.text());
                case GenerationEvent.Finished f when f.choice() == choice -> text.append(f.text());
                default -> {
                }
            }
        }
        return text.toString();
    }

    @Test
    void everyDeltaHoldsWholeCharactersAndTheChoiceEndsWithFinishThenUsage() {
        List<GenerationEvent> events = run(order("hi"));
        for (GenerationEvent event : events) {
            if (event instanceof GenerationEvent.Delta delta) {
                String t = delta.text();
                assertEquals(t, new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            }
        }
        assertEquals(FakeEngine.DEFAULT_TEXT, text(events, 0));
        GenerationEvent.Finished finished = assertInstanceOf(GenerationEvent.Finished.class,
                events.get(events.size() - 2));
        assertEquals(FinishReason.STOP, finished.reason());
        Usage usage = assertInstanceOf(GenerationEvent.Completed.class, events.getLast()).usage();
        int promptLength = engine.last().spec().promptTokens().length;
        int textTokens = FakeEngine.DEFAULT_TEXT.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(new Usage(promptLength, textTokens + 1, 0), usage);
    }

    @Test
    void tokenIdsTravelWithTheTextTheyProduced() {
        engine.when("ids", Reply.text("é!"));
        List<GenerationEvent> events = run(order("ids"));
        // é is two byte tokens: the first gives no text (and no ids), the second gives "é" and both ids
        GenerationEvent.Delta first = (GenerationEvent.Delta) events.get(0);
        GenerationEvent.Delta second = (GenerationEvent.Delta) events.get(1);
        assertEquals("", first.text());
        assertEquals(0, first.tokenIds().length);
        assertEquals("é", second.text());
        assertArrayEquals(FakeCodec.bytes("é"), second.tokenIds());
    }

    @Test
    void aStopStringAcrossTokensEndsTheChoiceAndCancelsTheEngineSequence() {
        engine.when("stop", Reply.text("The answer is 42.</answer> and then more text").perEvent(3));
        List<GenerationEvent> events = run(order("stop", OptionalInt.empty(), 1, 0, List.of("</answer>")));
        assertEquals("The answer is 42.", text(events, 0));
        GenerationEvent.Finished finished = (GenerationEvent.Finished) events.get(events.size() - 2);
        assertEquals(FinishReason.STOP, finished.reason());
        assertEquals("The answer is 42.</answer>".length(), finished.completionTokens());
        FakeSequence sequence = engine.last();
        assertTrue(sequence.cancelled(), "the stop string's abort must reach the engine");
        assertTrue(sequence.emitted() < "The answer is 42.</answer> and then more text".length());
    }

    @Test
    void controlTokensAreNotShown() {
        engine.when("control", Reply.tokens(FakeCodec.HELLO, FakeCodec.BOS, FakeCodec.WORLD));
        assertEquals("Hello world", text(run(order("control")), 0));
    }

    @Test
    void theTokenLimitEndsWithLength() {
        List<GenerationEvent> events = run(order("hi", OptionalInt.of(5), 1, 0, List.of()));
        assertEquals("Hello", text(events, 0));
        assertEquals(FinishReason.LENGTH, ((GenerationEvent.Finished) events.get(events.size() - 2)).reason());
        assertEquals(5, ((GenerationEvent.Completed) events.getLast()).usage().completionTokens());
    }

    @Test
    void aTruncatedCharacterAtTheLimitBecomesOneReplacementCharacter() {
        engine.when("emoji", Reply.text("a😀"));
        assertEquals("a\uFFFD", text(run(order("emoji", OptionalInt.of(3), 1, 0, List.of())), 0));
    }

    @Test
    void choicesUseConsecutiveSeedsAndUsageCountsThePromptOnce() {
        engine.when("seeds", Reply.seeded("seed=").cached(4));
        List<GenerationEvent> events = run(order("seeds", OptionalInt.empty(), 3, 7, List.of()));
        assertEquals("seed=7", text(events, 0));
        assertEquals("seed=8", text(events, 1));
        assertEquals("seed=9", text(events, 2));
        Usage usage = ((GenerationEvent.Completed) events.getLast()).usage();
        assertEquals(engine.last().spec().promptTokens().length, usage.promptTokens());
        assertEquals(3 * ("seed=7".length() + 1), usage.completionTokens());
        assertEquals(4, usage.cachedTokens());
    }

    @Test
    void cancellingTheRequestCancelsEverySequence() throws InterruptedException {
        engine.when("slow", Reply.text("tick ").repeating().delay(Duration.ofMillis(20)));
        AssertSubscriber<GenerationEvent> subscriber = service.stream(service.prepare(
                        order("slow", OptionalInt.empty(), 2, 0, List.of())), metrics.trace("t", "test"))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitItems(4, Duration.ofSeconds(5));
        subscriber.cancel();
        for (FakeSequence sequence : engine.sequences()) {
            assertTrue(sequence.awaitCancelled(Duration.ofSeconds(2)));
        }
    }

    @Test
    void anAbortTheRequestDidNotAskForFailsIt() {
        engine.when("abort", Reply.text("partial answer").abortAfter(3));
        service.stream(service.prepare(order("abort")), metrics.trace("t", "test"))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE))
                .awaitFailure(Duration.ofSeconds(5))
                .assertFailedWith(SequenceAbortedException.class);
    }

    @Test
    void theDefaultTokenLimitIsTheRestOfTheContext() {
        GenerationRequest request = service.prepare(order("hi"));
        assertEquals(FakeEngine.CONTEXT - request.promptTokens().length, request.maxNewTokens());
    }

    @Test
    void anAbsentModelMeansTheFirstServedOne() {
        GenerationOrder order = new GenerationOrder(Optional.empty(), new Prompt.Text("x"), OptionalInt.empty(), 1,
                SamplingParams.GREEDY, List.of(), Set.of());
        assertEquals(FakeEngine.MODEL, service.prepare(order).model().id());
    }

    @Test
    void rejectionsNameTheirField() {
        GenerationOrder unknown = new GenerationOrder(Optional.of("nope"), new Prompt.Text("x"), OptionalInt.empty(),
                1, SamplingParams.GREEDY, List.of(), Set.of());
        assertEquals("model", assertThrows(ModelNotFoundException.class, () -> service.prepare(unknown)).param());

        ContextLengthExceededException tooLong = assertThrows(ContextLengthExceededException.class,
                () -> service.prepare(order("hi", OptionalInt.of(256), 1, 0, List.of())));
        assertEquals("messages", tooLong.param());
        assertTrue(tooLong.getMessage().contains("maximum context length is 256 tokens"), tooLong.getMessage());
        assertTrue(tooLong.getMessage().contains("256 in the completion"), tooLong.getMessage());

        BadParameterException overContext = assertThrows(BadParameterException.class,
                () -> service.prepare(order("hi", OptionalInt.of(1000), 1, 0, List.of())));
        assertEquals("max_tokens", overContext.param());

        GenerationOrder badIds = new GenerationOrder(Optional.empty(), new Prompt.TokenIds(new int[]{1, 9999}),
                OptionalInt.empty(), 1, SamplingParams.GREEDY, List.of(), Set.of());
        assertEquals("prompt[1]", assertThrows(BadParameterException.class, () -> service.prepare(badIds)).param());

        SamplingParams bias = new SamplingParams(0f, 0, 1f, 0f, 0f, 0f, 1f, Map.of(99999, 1f), 0, false);
        GenerationOrder badBias = new GenerationOrder(Optional.empty(), new Prompt.Text("x"), OptionalInt.empty(), 1,
                bias, List.of(), Set.of());
        assertEquals("logit_bias", assertThrows(BadParameterException.class, () -> service.prepare(badBias)).param());
    }

    @Test
    void withNoModelEveryRequestIsModelNotFound() {
        registry.serving(false);
        assertThrows(ModelNotFoundException.class, () -> service.prepare(order("hi")));
    }
}
