package io.sluice.pipeline;

import io.smallrye.mutiny.Multi;
import io.sluice.engine.spi.GenerationEngine;
import io.sluice.engine.spi.ModelRegistry;
import io.sluice.engine.spi.PromptCodec;
import io.sluice.engine.spi.SequenceEvent;
import io.sluice.observability.RequestTrace;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static io.sluice.pipeline.BadParameterException.Problem.INVALID_VALUE;

/**
 * Routes a request to its model's engine, tokenizes it, checks it against the context, and runs its choices.
 * Stateless; the per-request state lives in the streams it builds.
 */
@ApplicationScoped
public class GenerationService {

    private final ModelRegistry registry;

    public GenerationService(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * Turns an order into a trusted request. Tokenizes: CPU work, call it on a worker thread.
     *
     * @throws RequestRejectedException naming the field at fault
     */
    public GenerationRequest prepare(GenerationOrder order) {
        GenerationEngine engine = route(order.model());
        PromptCodec codec = engine.codec();
        int[] prompt = encode(codec, order.prompt(), true);
        String param = order.prompt().param();
        if (prompt.length == 0) {
            throw new BadParameterException(param, INVALID_VALUE, "The prompt is empty.");
        }
        checkIds(codec, order.sampling().logitBias().keySet(), "logit_bias");
        checkIds(codec, order.stopTokenIds(), "stop_token_ids");
        int context = engine.card().contextLength();
        OptionalInt asked = order.maxTokens();
        if (asked.isPresent() && asked.getAsInt() > context) {
            throw new BadParameterException(order.maxTokensParam(), INVALID_VALUE, "Invalid value for '"
                    + order.maxTokensParam() + "': " + asked.getAsInt() + " is more than this model's context of "
                    + context + " tokens.");
        }
        if (asked.isPresent() ? (long) prompt.length + asked.getAsInt() > context : prompt.length >= context) {
            throw new ContextLengthExceededException(param, context, prompt.length, asked);
        }
        int maxNewTokens = asked.orElse(context - prompt.length);
        return new GenerationRequest(engine, engine.card(), prompt, maxNewTokens, order.n(), order.sampling(),
                order.stop(), order.stopTokenIds());
    }

    /**
     * The request's events: each choice's deltas and finish (choices interleaved as the engine produces them), then
     * the totals. Cold: the sequences start on subscription. Cancelling aborts every sequence still running. Token
     * arrivals are reported to {@code trace} (first-token and inter-token timings, token counts). Callers go through
     * {@link Admission}, which bounds how many streams run at once.
     */
    public Multi<GenerationEvent> stream(GenerationRequest request, RequestTrace trace) {
        return Multi.createFrom().deferred(() -> {
            List<Multi<GenerationEvent>> choices = new ArrayList<>(request.n());
            for (int i = 0; i < request.n(); i++) {
                OutputProcessor output = new OutputProcessor(i, request.engine().codec(), request.stop());
                RequestTrace.ChoiceTimer timer = trace.choice();
                Multi<SequenceEvent> sequence = request.engine().generate(request.spec(i)).onItem().invoke(event -> {
                    if (event instanceof SequenceEvent.Tokens tokens) {
                        timer.tokens(tokens.ids().length);
                    }
                });
                choices.add(new ChoiceStream(sequence, output));
            }
            Multi<GenerationEvent> merged = choices.size() == 1
                    ? choices.getFirst()
                    : Multi.createBy().merging().withConcurrency(choices.size()).streams(choices);
            UsageTally tally = new UsageTally(request.promptTokens().length);
            return Multi.createBy().concatenating().streams(
                    merged.onItem().invoke(tally::record),
                    Multi.createFrom().item(tally::completed));
        });
    }

    /** The engine serving {@code model}, or the default (first) model when absent. */
    public GenerationEngine route(Optional<String> model) {
        if (model.isPresent()) {
            return registry.find(model.get()).orElseThrow(() -> new ModelNotFoundException(model.get()));
        }
        return registry.models().stream().findFirst()
                .flatMap(card -> registry.find(card.id()))
                .orElseThrow(() -> new ModelNotFoundException(null));
    }

    /**
     * Tokenizes a prompt as generation would ({@code addGenerationPrompt} applies to chat prompts). CPU work: call
     * it on a worker thread.
     */
    public int[] tokenize(GenerationEngine engine, Prompt prompt, boolean addGenerationPrompt) {
        return encode(engine.codec(), prompt, addGenerationPrompt);
    }

    /** The text of {@code ids}, control tokens included, malformed UTF-8 replaced. */
    public String detokenize(GenerationEngine engine, int[] ids, String param) {
        PromptCodec codec = engine.codec();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= codec.vocabularySize()) {
                throw outOfVocabulary(param + "[" + i + "]", ids[i], codec);
            }
        }
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(decoder.decode(codec.tokenBytes(id)));
        }
        return text.append(decoder.flush()).toString();
    }

    private static int[] encode(PromptCodec codec, Prompt prompt, boolean addGenerationPrompt) {
        try {
            return switch (prompt) {
                case Prompt.Chat chat -> codec.encodeChat(chat.messages(), addGenerationPrompt);
                case Prompt.Text text -> codec.encodeText(text.text());
                case Prompt.TokenIds tokens -> {
                    int[] ids = tokens.ids();
                    for (int i = 0; i < ids.length; i++) {
                        if (ids[i] < 0 || ids[i] >= codec.vocabularySize()) {
                            throw outOfVocabulary("prompt[" + i + "]", ids[i], codec);
                        }
                    }
                    yield ids;
                }
            };
        } catch (IllegalArgumentException rejected) {
            // The codec's way of saying the input cannot be encoded (e.g. the chat template refuses the roles).
            throw new BadParameterException(prompt.param(), INVALID_VALUE, rejected.getMessage());
        }
    }

    private static void checkIds(PromptCodec codec, Set<Integer> ids, String param) {
        for (int id : ids) {
            if (id >= codec.vocabularySize()) {
                throw outOfVocabulary(param, id, codec);
            }
        }
    }

    private static BadParameterException outOfVocabulary(String param, int id, PromptCodec codec) {
        return new BadParameterException(param, INVALID_VALUE, "Token id " + id + " is outside the vocabulary (0 to "
                + (codec.vocabularySize() - 1) + ").");
    }
}
