package io.sluice.api.openai;

import io.sluice.pipeline.FinishReason;
import io.sluice.pipeline.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code /v1/chat/completions}: {@code chat.completion.chunk}s and {@code chat.completion}. */
public final class ChatDialect implements Dialect {

    private static final ChatWire.Delta EMPTY = new ChatWire.Delta(null, null);

    private final ResponseMeta meta;
    private boolean promptIdsShown;

    public ChatDialect(ResponseMeta meta) {
        this.meta = meta;
    }

    @Override
    public List<Object> opening() {
        List<Object> chunks = new ArrayList<>(meta.n());
        for (int i = 0; i < meta.n(); i++) {
            chunks.add(chunk(new ChatWire.ChunkChoice(i, new ChatWire.Delta("assistant", ""), null, null,
                    null)));
        }
        return chunks;
    }

    @Override
    public Object content(int choice, String text, int[] tokenIds) {
        return chunk(new ChatWire.ChunkChoice(choice, new ChatWire.Delta(null, text), null, null, ids(tokenIds)));
    }

    @Override
    public Object finish(int choice, FinishReason reason, int[] tokenIds) {
        return chunk(new ChatWire.ChunkChoice(choice, EMPTY, null, Dialect.wire(reason), ids(tokenIds)));
    }

    @Override
    public Object usage(Usage usage) {
        return new ChatWire.Chunk(meta.id(), "chat.completion.chunk", meta.created(), meta.model(),
                meta.systemFingerprint(), List.of(), Optional.of(UsageWire.of(usage)), promptIds());
    }

    @Override
    public Object whole(List<ChoiceResult> choices, Usage usage) {
        List<ChatWire.Choice> out = choices.stream()
                .map(c -> new ChatWire.Choice(c.index(), new ChatWire.Message("assistant", c.text(), null), null,
                        Dialect.wire(c.reason()), ids(c.tokenIds())))
                .toList();
        return new ChatWire.Completion(meta.id(), "chat.completion", meta.created(), meta.model(),
                meta.systemFingerprint(), out, UsageWire.of(usage), promptIds());
    }

    private ChatWire.Chunk chunk(ChatWire.ChunkChoice choice) {
        return new ChatWire.Chunk(meta.id(), "chat.completion.chunk", meta.created(), meta.model(),
                meta.systemFingerprint(), List.of(choice), meta.includeUsage() ? Optional.empty() : null,
                promptIds());
    }

    private int[] ids(int[] tokenIds) {
        return meta.returnTokenIds() ? tokenIds : null;
    }

    /** vLLM shows the prompt's ids once, on the first chunk. */
    private int[] promptIds() {
        if (!meta.returnTokenIds() || promptIdsShown) {
            return null;
        }
        promptIdsShown = true;
        return meta.promptTokenIds();
    }
}
