package io.sluice.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.spi.SamplingParams;
import io.sluice.pipeline.BadParameterException;
import io.sluice.pipeline.GenerationOrder;
import io.sluice.pipeline.Prompt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.sluice.pipeline.BadParameterException.Problem.INVALID_VALUE;
import static io.sluice.pipeline.BadParameterException.Problem.UNSUPPORTED;

/** The fields chat and legacy completions share: sampling, limits, stops, streaming and vLLM's extras. */
final class CommonFields {

    private CommonFields() {
    }

    /**
     * Builds the parsed request around {@code prompt}.
     *
     * @param maxTokens      the token limit, read by the caller (chat has two spellings)
     * @param maxTokensParam the spelling it came from
     */
    static ParsedRequest parse(Fields f, Prompt prompt, OptionalInt maxTokens, String maxTokensParam,
                               RequestLimits limits) {
        Optional<String> model = f.string("model");
        int n = f.integer("n", 1, limits.maxChoices()).orElse(1);
        SamplingParams sampling = sampling(f);
        List<String> stop = stop(f, limits);
        Set<Integer> stopTokenIds = tokenIds(f, "stop_token_ids");
        f.string("user"); // accepted and checked, not used
        boolean stream = f.bool("stream", false);
        boolean includeUsage = false;
        JsonNode options = f.raw("stream_options");
        if (options != null) {
            if (!stream) {
                throw new BadParameterException("stream_options", INVALID_VALUE,
                        "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
            }
            includeUsage = Fields.nested(options, "stream_options").bool("include_usage", false);
        }
        boolean returnTokenIds = f.bool("return_token_ids", false);
        GenerationOrder order = new GenerationOrder(model, prompt, maxTokens, n, sampling, stop, stopTokenIds,
                maxTokensParam);
        return new ParsedRequest(order, stream, includeUsage, returnTokenIds);
    }

    private static SamplingParams sampling(Fields f) {
        double temperature = f.number("temperature", 0, false, 2, false).orElse(1.0);
        double topP = f.number("top_p", 0, true, 1, false).orElse(1.0);
        int topK = f.integer("top_k", -1, Integer.MAX_VALUE).orElse(0);
        double minP = f.number("min_p", 0, false, 1, false).orElse(0.0);
        double presence = f.number("presence_penalty", -2, false, 2, false).orElse(0.0);
        double frequency = f.number("frequency_penalty", -2, false, 2, false).orElse(0.0);
        double repetition = f.number("repetition_penalty", 0, true, Double.MAX_VALUE, false).orElse(1.0);
        long seed = f.longInteger("seed").orElseGet(() -> ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
        boolean ignoreEos = f.bool("ignore_eos", false);
        return new SamplingParams((float) temperature, Math.max(topK, 0) /* vLLM spells "off" -1 */, (float) topP,
                (float) minP, (float) presence, (float) frequency, (float) repetition, logitBias(f), seed, ignoreEos);
    }

    private static Map<Integer, Float> logitBias(Fields f) {
        JsonNode value = f.raw("logit_bias");
        if (value == null) {
            return Map.of();
        }
        Fields bias = Fields.nested(value, "logit_bias");
        Map<Integer, Float> result = new HashMap<>();
        for (var names = value.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            int id;
            try {
                id = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 0) {
                throw new BadParameterException("logit_bias", INVALID_VALUE, "Invalid key in 'logit_bias': '" + key
                        + "' is not a token id.");
            }
            bias.number(key, -100, false, 100, false)
                    .ifPresent(b -> result.put(Integer.parseInt(key), (float) b));
        }
        return result;
    }

    private static List<String> stop(Fields f, RequestLimits limits) {
        JsonNode value = f.raw("stop");
        if (value == null) {
            return List.of();
        }
        List<String> stops = new ArrayList<>();
        if (value.isTextual()) {
            stops.add(value.textValue());
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isTextual()) {
                    throw Fields.wrongType("stop[" + i + "]", "a string", item);
                }
                stops.add(item.textValue());
            }
        } else {
            throw Fields.wrongType("stop", "a string or an array of strings", value);
        }
        if (stops.size() > limits.maxStops()) {
            throw new BadParameterException("stop", INVALID_VALUE, "At most " + limits.maxStops()
                    + " stop sequences are allowed, got " + stops.size() + ".");
        }
        for (String stop : stops) {
            if (stop.isEmpty() || stop.length() > limits.maxStopLength()) {
                throw new BadParameterException("stop", INVALID_VALUE, "Each stop sequence must be 1 to "
                        + limits.maxStopLength() + " characters long.");
            }
        }
        return stops;
    }

    static Set<Integer> tokenIds(Fields f, String name) {
        JsonNode value = f.raw(name);
        if (value == null) {
            return Set.of();
        }
        if (!value.isArray()) {
            throw Fields.wrongType(name, "an array of token ids", value);
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            ids.add(tokenId(name + "[" + i + "]", value.get(i)));
        }
        return ids;
    }

    /** One token id: a non-negative integer (the upper bound is the model's vocabulary, checked later). */
    static int tokenId(String path, JsonNode value) {
        long id = Fields.integral(path, value);
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw new BadParameterException(path, INVALID_VALUE, "Invalid value for '" + path + "': " + id
                    + " is not a token id.");
        }
        return (int) id;
    }

    /** Rejects a field whose requested behaviour this server cannot give, rather than silently ignoring it. */
    static void unsupportedIf(boolean asked, String param, String what) {
        if (asked) {
            throw new BadParameterException(param, UNSUPPORTED, what + " is not supported by this server.");
        }
    }
}
