package io.sluice.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.spi.ChatMessage;
import io.sluice.pipeline.BadParameterException;
import io.sluice.pipeline.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import static io.sluice.pipeline.BadParameterException.Problem.INVALID_VALUE;
import static io.sluice.pipeline.BadParameterException.Problem.MISSING;
import static io.sluice.pipeline.BadParameterException.Problem.UNSUPPORTED;

/** {@code POST /v1/chat/completions} bodies. */
public final class ChatRequestParser {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private final RequestLimits limits;

    public ChatRequestParser(RequestLimits limits) {
        this.limits = limits;
    }

    public ParsedRequest parse(byte[] body) {
        Fields f = Fields.of(WireJson.readObject(body));
        List<ChatMessage> messages = messages(f);
        // max_completion_tokens replaced max_tokens in OpenAI's API; when both are sent the newer one wins.
        OptionalInt maxTokens = f.integer("max_completion_tokens", 1, Integer.MAX_VALUE);
        OptionalInt legacyMax = f.integer("max_tokens", 1, Integer.MAX_VALUE);
        String maxTokensParam = "max_completion_tokens";
        if (maxTokens.isEmpty()) {
            maxTokens = legacyMax;
            maxTokensParam = "max_tokens";
        }
        CommonFields.unsupportedIf(f.bool("logprobs", false), "logprobs", "Returning log probabilities");
        CommonFields.unsupportedIf(f.integer("top_logprobs", 0, 20).orElse(0) > 0, "top_logprobs",
                "Returning log probabilities");
        return CommonFields.parse(f, new Prompt.Chat(messages), maxTokens, maxTokensParam, limits);
    }

    /** The {@code messages} array (also read by {@code /tokenize}). */
    static List<ChatMessage> messages(Fields f) {
        JsonNode value = f.required("messages");
        if (!value.isArray()) {
            throw Fields.wrongType("messages", "an array", value);
        }
        if (value.isEmpty()) {
            throw new BadParameterException("messages", INVALID_VALUE, "'messages' must hold at least one message.");
        }
        List<ChatMessage> messages = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            messages.add(message(Fields.nested(value.get(i), "messages[" + i + "]")));
        }
        return messages;
    }

    private static ChatMessage message(Fields m) {
        String role = m.requiredString("role");
        if (!ROLES.contains(role)) {
            throw new BadParameterException(m.path("role"), INVALID_VALUE, "Invalid value for '" + m.path("role")
                    + "': '" + role + "'. Supported roles: system, developer, user, assistant, tool.");
        }
        JsonNode content = m.raw("content");
        if (content == null) {
            if (role.equals("assistant")) {
                return new ChatMessage(role, ""); // an assistant turn that only called tools
            }
            throw new BadParameterException(m.path("content"), MISSING, "Missing required parameter: '"
                    + m.path("content") + "'.");
        }
        return new ChatMessage(role, content(content, m.path("content")));
    }

    /** A string, or OpenAI content parts of which only {@code text} parts are understood (joined by newlines). */
    private static String content(JsonNode content, String path) {
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw Fields.wrongType(path, "a string or an array of content parts", content);
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            Fields part = Fields.nested(content.get(j), path + "[" + j + "]");
            String type = part.requiredString("type");
            if (!type.equals("text")) {
                throw new BadParameterException(part.path("type"), UNSUPPORTED, "Content parts of type '" + type
                        + "' are not supported; this model reads text only.");
            }
            if (j > 0) {
                text.append('\n');
            }
            text.append(part.requiredString("text"));
        }
        return text.toString();
    }
}
