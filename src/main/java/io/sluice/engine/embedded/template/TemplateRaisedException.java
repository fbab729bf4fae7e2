package io.sluice.engine.embedded.template;

/** Thrown by the template's own {@code raise_exception(message)}; carries the template author's message. */
final class TemplateRaisedException extends RuntimeException {

    TemplateRaisedException(String message) {
        super(message);
    }
}
