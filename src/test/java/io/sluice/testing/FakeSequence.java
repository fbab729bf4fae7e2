package io.sluice.testing;

import io.sluice.engine.spi.SequenceSpec;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** What the fake engine saw of one sequence: its spec, how far it got, and whether its subscriber cancelled it. */
public final class FakeSequence {

    private final SequenceSpec spec;
    final AtomicInteger emitted = new AtomicInteger();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicBoolean ended = new AtomicBoolean();

    FakeSequence(SequenceSpec spec) {
        this.spec = spec;
    }

    public SequenceSpec spec() {
        return spec;
    }

    /** Tokens emitted so far. */
    public int emitted() {
        return emitted.get();
    }

    public boolean cancelled() {
        return cancelled.get();
    }

    /** True once the engine stopped working on it, for any reason. */
    public boolean ended() {
        return ended.get() || cancelled.get();
    }

    /** Waits until the subscriber has cancelled this sequence; false on timeout. */
    public boolean awaitCancelled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!cancelled() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return cancelled();
    }
}
