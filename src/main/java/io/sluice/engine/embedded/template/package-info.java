/**
 * Chat templates: turning a conversation into the prompt text a model was trained on, by rendering the model's own
 * Hugging Face Jinja2 template ({@code tokenizer.chat_template} in a GGUF file) with Jinjava.
 *
 * <p>{@link io.sluice.engine.embedded.template.ChatTemplate} is the whole public surface: parse once per model,
 * render per request. Everything else here makes Jinjava render as Jinja2 does inside transformers' sandbox -
 * Python string methods, slices with steps, Python's {@code tojson}, {@code raise_exception}, {@code strftime_now},
 * loop filters, a {@code +} that refuses undefined values, unknown filters rejected at load time - and is checked
 * against renderings made by Jinja2 itself (see the test resources). A template this package cannot render exactly
 * fails with a {@link io.sluice.engine.embedded.template.ChatTemplateException}; it never yields an approximate
 * prompt.
 *
 * <p>Threading: templates are parsed on the engine's start-up thread and rendered on whichever request-handling
 * worker tokenizes the prompt (never the event loop: a long template takes milliseconds). A
 * {@link io.sluice.engine.embedded.template.ChatTemplate} is immutable; every render gets its own Jinjava
 * interpreter and context, so any number of threads may render the same template at once.
 */
package io.sluice.engine.embedded.template;
