package io.sluice.pipeline;

import java.util.OptionalInt;

/** The prompt plus the tokens asked for do not fit the model's context. */
public final class ContextLengthExceededException extends RequestRejectedException {

    public ContextLengthExceededException(String param, int contextLength, int promptTokens, OptionalInt maxTokens) {
        super(param, message(param, contextLength, promptTokens, maxTokens));
    }

    private static String message(String param, int contextLength, int promptTokens, OptionalInt maxTokens) {
        String where = param.equals("messages") ? "messages" : "prompt";
        if (maxTokens.isPresent()) {
            return "This model's maximum context length is " + contextLength + " tokens. However, you requested "
                    + ((long) promptTokens + maxTokens.getAsInt()) + " tokens (" + promptTokens + " in the " + where
                    + ", " + maxTokens.getAsInt() + " in the completion). Please reduce the length of the " + where
                    + " or completion.";
        }
        return "This model's maximum context length is " + contextLength + " tokens. However, your " + where
                + " resulted in " + promptTokens + " tokens, which leaves no room for a completion. Please reduce the"
                + " length of the " + where + ".";
    }
}
