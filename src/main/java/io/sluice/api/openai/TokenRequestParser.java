package io.sluice.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.pipeline.BadParameterException;
import io.sluice.pipeline.Prompt;

import java.util.Optional;

import static io.sluice.pipeline.BadParameterException.Problem.MISSING;

/** {@code POST /tokenize} and {@code POST /detokenize} bodies (vLLM's and llama.cpp's shape). */
public final class TokenRequestParser {

    /**
     * @param model               absent: the default model
     * @param prompt              text, or chat messages to render through the template
     * @param addGenerationPrompt for messages: end with the assistant's turn opener, as generation does
     */
    public record Tokenize(Optional<String> model, Prompt prompt, boolean addGenerationPrompt) {
    }

    public record Detokenize(Optional<String> model, int[] tokens) {
    }

    public Tokenize tokenize(byte[] body) {
        Fields f = Fields.of(WireJson.readObject(body));
        Optional<String> model = f.string("model");
        boolean generationPrompt = f.bool("add_generation_prompt", true);
        if (f.raw("messages") != null) {
            return new Tokenize(model, new Prompt.Chat(ChatRequestParser.messages(f)), generationPrompt);
        }
        if (f.raw("prompt") == null) {
            throw new BadParameterException("prompt", MISSING, "Send either 'prompt' or 'messages'.");
        }
        return new Tokenize(model, new Prompt.Text(f.requiredString("prompt")), generationPrompt);
    }

    public Detokenize detokenize(byte[] body) {
        Fields f = Fields.of(WireJson.readObject(body));
        Optional<String> model = f.string("model");
        JsonNode tokens = f.required("tokens");
        if (!tokens.isArray()) {
            throw Fields.wrongType("tokens", "an array of token ids", tokens);
        }
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = CommonFields.tokenId("tokens[" + i + "]", tokens.get(i));
        }
        return new Detokenize(model, ids);
    }
}
