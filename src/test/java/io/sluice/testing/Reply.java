package io.sluice.testing;

import io.sluice.engine.spi.SequenceSpec;

import java.time.Duration;
import java.util.function.Function;

/**
 * What the fake engine generates for a prompt: a token script (which may depend on the sequence, e.g. its seed), how
 * many tokens per event, how fast, and how it ends.
 *
 * @param script     the tokens to emit, computed per sequence
 * @param perEvent   tokens per {@code Tokens} event
 * @param delay      pause before each event
 * @param repeat     cycle the script until {@code maxNewTokens} (ends with LENGTH)
 * @param failAfter  fail the stream after this many tokens; -1 never
 * @param abortAfter finish with ABORTED (the engine's own abort) after this many tokens; -1 never
 * @param cached     cached prompt tokens to report
 */
public record Reply(Function<SequenceSpec, int[]> script, int perEvent, Duration delay, boolean repeat,
                    int failAfter, int abortAfter, int cached) {

    public static Reply text(String text) {
        int[] ids = FakeCodec.bytes(text);
        return new Reply(spec -> ids, 1, Duration.ZERO, false, -1, -1, 0);
    }

    public static Reply tokens(int... ids) {
        int[] copy = ids.clone();
        return new Reply(spec -> copy, 1, Duration.ZERO, false, -1, -1, 0);
    }

    /** A text that names the sequence's seed, so choices and seeds can be told apart. */
    public static Reply seeded(String prefix) {
        return new Reply(spec -> FakeCodec.bytes(prefix + spec.sampling().seed()), 1, Duration.ZERO, false, -1, -1,
                0);
    }

    public Reply perEvent(int tokens) {
        return new Reply(script, tokens, delay, repeat, failAfter, abortAfter, cached);
    }

    public Reply delay(Duration each) {
        return new Reply(script, perEvent, each, repeat, failAfter, abortAfter, cached);
    }

    public Reply repeating() {
        return new Reply(script, perEvent, delay, true, failAfter, abortAfter, cached);
    }

    public Reply failAfter(int tokens) {
        return new Reply(script, perEvent, delay, repeat, tokens, abortAfter, cached);
    }

    public Reply abortAfter(int tokens) {
        return new Reply(script, perEvent, delay, repeat, failAfter, tokens, cached);
    }

    public Reply cached(int tokens) {
        return new Reply(script, perEvent, delay, repeat, failAfter, abortAfter, tokens);
    }
}
