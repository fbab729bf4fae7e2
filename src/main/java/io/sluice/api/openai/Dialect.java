package io.sluice.api.openai;

import io.sluice.pipeline.FinishReason;
import io.sluice.pipeline.Usage;

import java.util.List;

/**
 * How one response is written in one API's dialect: the stream's chunks and the whole answer, built as wire records.
 * One instance per response (it remembers whether the prompt ids were shown yet); used on the request's event loop.
 */
public sealed interface Dialect permits ChatDialect, TextDialect {

    /** Chunks to send as soon as the stream opens, before any token. */
    List<Object> opening();

    /** A chunk with new text for one choice. */
    Object content(int choice, String text, int[] tokenIds);

    /** The chunk that finishes one choice. */
    Object finish(int choice, FinishReason reason, int[] tokenIds);

    /** The last chunk when usage was asked for: no choices, the totals. */
    Object usage(Usage usage);

    /** The non-streaming answer. */
    Object whole(List<ChoiceResult> choices, Usage usage);

    /** The wire string of a finish reason: the one place the enum meets the API. */
    static String wire(FinishReason reason) {
        return switch (reason) {
            case STOP -> "stop";
            case LENGTH -> "length";
        };
    }
}
