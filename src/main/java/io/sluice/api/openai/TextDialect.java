package io.sluice.api.openai;

import io.sluice.pipeline.FinishReason;
import io.sluice.pipeline.Usage;

import java.util.List;
import java.util.Optional;

/** {@code /v1/completions}: {@code text_completion} chunks and answers. No opening chunk: the first has text. */
public final class TextDialect implements Dialect {

    private final ResponseMeta meta;
    private boolean promptIdsShown;

    public TextDialect(ResponseMeta meta) {
        this.meta = meta;
    }

    @Override
    public List<Object> opening() {
        return List.of();
    }

    @Override
    public Object content(int choice, String text, int[] tokenIds) {
        return chunk(new TextWire.Choice(text, choice, null, null, ids(tokenIds)));
    }

    @Override
    public Object finish(int choice, FinishReason reason, int[] tokenIds) {
        return chunk(new TextWire.Choice("", choice, null, Dialect.wire(reason), ids(tokenIds)));
    }

    @Override
    public Object usage(Usage usage) {
        return completion(List.of(), Optional.of(UsageWire.of(usage)));
    }

    @Override
    public Object whole(List<ChoiceResult> choices, Usage usage) {
        return completion(choices.stream()
                .map(c -> new TextWire.Choice(c.text(), c.index(), null, Dialect.wire(c.reason()), ids(c.tokenIds())))
                .toList(), Optional.of(UsageWire.of(usage)));
    }

    private TextWire.Completion chunk(TextWire.Choice choice) {
        return completion(List.of(choice), meta.includeUsage() ? Optional.empty() : null);
    }

    private TextWire.Completion completion(List<TextWire.Choice> choices, Optional<UsageWire> usage) {
        return new TextWire.Completion(meta.id(), "text_completion", meta.created(), meta.model(),
                meta.systemFingerprint(), choices, usage, promptIds());
    }

    private int[] ids(int[] tokenIds) {
        return meta.returnTokenIds() ? tokenIds : null;
    }

    private int[] promptIds() {
        if (!meta.returnTokenIds() || promptIdsShown) {
            return null;
        }
        promptIdsShown = true;
        return meta.promptTokenIds();
    }
}
