package io.sluice.pipeline;

import io.sluice.engine.spi.PromptCodec;
import io.sluice.engine.spi.SequenceEvent;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Turns one sequence's token ids into the text a client may see: bytes assembled into whole characters, control
 * tokens hidden, stop strings held back and cut. Token ids travel with the text they produced, so a client asking
 * for ids sees each id next to its text. Not thread-safe: owned by its sequence's stream, whose signals are
 * serialized.
 */
public final class OutputProcessor {

    private final int choice;
    private final PromptCodec codec;
    private final Utf8StreamDecoder decoder = new Utf8StreamDecoder();
    private final StopStringMatcher matcher;
    private int[] pendingIds = new int[16];
    private int pendingCount;
    private int consumed;

    public OutputProcessor(int choice, PromptCodec codec, List<String> stop) {
        this.choice = choice;
        this.codec = codec;
        this.matcher = new StopStringMatcher(stop);
    }

    /**
     * Feeds newly generated tokens. Returns a {@link GenerationEvent.Delta}, or a {@link GenerationEvent.Finished}
     * with {@link FinishReason#STOP} when a stop string matched: the tokens after the one that completed it are
     * dropped, and the caller must then abort the sequence.
     */
    public GenerationEvent onTokens(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            consumed++;
            remember(id);
            if (codec.isControl(id)) {
                continue;
            }
            text.append(matcher.push(decoder.decode(codec.tokenBytes(id))));
            if (matcher.matched()) {
                return new GenerationEvent.Finished(choice, text.toString(), takeIds(), FinishReason.STOP, consumed,
                        OptionalInt.empty());
            }
        }
        if (text.isEmpty()) {
            return new GenerationEvent.Delta(choice, "", new int[0]);
        }
        return new GenerationEvent.Delta(choice, text.toString(), takeIds());
    }

    /**
     * The engine ended the sequence: whatever was held back is released (an incomplete character as U+FFFD).
     *
     * @throws SequenceAbortedException when the engine aborted the sequence on its own (shutdown, eviction)
     */
    public GenerationEvent.Finished onFinished(SequenceEvent.Finished finished) {
        FinishReason reason = switch (finished.reason()) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case ABORTED -> throw new SequenceAbortedException();
        };
        String tail = matcher.push(decoder.flush());
        if (matcher.matched()) {
            reason = FinishReason.STOP; // the replacement character completed a stop string: as good as a stop
        }
        tail += matcher.flush();
        return new GenerationEvent.Finished(choice, tail, takeIds(), reason, finished.generatedTokens(),
                OptionalInt.of(finished.cachedTokens()));
    }

    /** True once a stop string matched. */
    public boolean stopped() {
        return matcher.matched();
    }

    private void remember(int id) {
        if (pendingCount == pendingIds.length) {
            pendingIds = Arrays.copyOf(pendingIds, pendingCount * 2);
        }
        pendingIds[pendingCount++] = id;
    }

    private int[] takeIds() {
        int[] ids = Arrays.copyOf(pendingIds, pendingCount);
        pendingCount = 0;
        return ids;
    }
}
