package io.sluice.engine.embedded.template;

/**
 * A chat template that cannot be used: it does not parse, it uses something this engine does not provide, or it
 * rejected the conversation with {@code raise_exception}. The message names the template and, where Jinjava knows
 * it, the line. Never means "rendered something slightly different": that is a bug.
 */
public final class ChatTemplateException extends RuntimeException {

    private final String templateName;
    private final boolean raisedByTemplate;

    ChatTemplateException(String templateName, String message, boolean raisedByTemplate, Throwable cause) {
        super(message, cause);
        this.templateName = templateName;
        this.raisedByTemplate = raisedByTemplate;
    }

    /** The template's name as given when it was loaded (for a GGUF model: the file and the metadata key). */
    public String templateName() {
        return templateName;
    }

    /**
     * True when the template itself refused the conversation through {@code raise_exception} (for example roles that
     * do not alternate): the request is at fault, not the template.
     */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }
}
