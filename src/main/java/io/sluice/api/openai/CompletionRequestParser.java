package io.sluice.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.pipeline.BadParameterException;
import io.sluice.pipeline.Prompt;

import java.util.OptionalInt;

import static io.sluice.pipeline.BadParameterException.Problem.INVALID_VALUE;
import static io.sluice.pipeline.BadParameterException.Problem.UNSUPPORTED;

/** {@code POST /v1/completions} bodies (the legacy prompt form). */
public final class CompletionRequestParser {

    private final RequestLimits limits;

    public CompletionRequestParser(RequestLimits limits) {
        this.limits = limits;
    }

    public ParsedRequest parse(byte[] body) {
        Fields f = Fields.of(WireJson.readObject(body));
        Prompt prompt = prompt(f.required("prompt"));
        OptionalInt maxTokens = f.integer("max_tokens", 1, Integer.MAX_VALUE);
        CommonFields.unsupportedIf(f.bool("echo", false), "echo", "Echoing the prompt");
        CommonFields.unsupportedIf(f.string("suffix").isPresent(), "suffix", "Insertion with 'suffix'");
        CommonFields.unsupportedIf(f.integer("logprobs", 0, 5).orElse(0) > 0, "logprobs",
                "Returning log probabilities");
        CommonFields.unsupportedIf(f.integer("best_of", 1, Integer.MAX_VALUE).orElse(1) > 1, "best_of",
                "'best_of' above 1");
        return CommonFields.parse(f, prompt, maxTokens, "max_tokens", limits);
    }

    /** A string, a list of one string, a list of token ids, or a list of one list of token ids. */
    private static Prompt prompt(JsonNode value) {
        if (value.isTextual()) {
            return new Prompt.Text(value.textValue());
        }
        if (!value.isArray()) {
            throw Fields.wrongType("prompt", "a string, an array of strings or an array of token ids", value);
        }
        if (value.isEmpty()) {
            throw new BadParameterException("prompt", INVALID_VALUE, "'prompt' must not be empty.");
        }
        JsonNode first = value.get(0);
        if (first.isNumber()) {
            return tokenIds(value, "prompt");
        }
        if (value.size() > 1) {
            throw new BadParameterException("prompt", UNSUPPORTED,
                    "Batched prompts are not supported; send one prompt per request.");
        }
        if (first.isTextual()) {
            return new Prompt.Text(first.textValue());
        }
        if (first.isArray()) {
            return tokenIds(first, "prompt[0]");
        }
        throw Fields.wrongType("prompt[0]", "a string or an array of token ids", first);
    }

    private static Prompt tokenIds(JsonNode array, String path) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = CommonFields.tokenId(path + "[" + i + "]", array.get(i));
        }
        if (ids.length == 0) {
            throw new BadParameterException(path, INVALID_VALUE, "'" + path + "' must not be empty.");
        }
        return new Prompt.TokenIds(ids);
    }
}
