package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.tree.Node;
import io.sluice.engine.embedded.gguf.GgufMetadata;
import io.sluice.engine.spi.ChatMessage;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A model's chat template (Hugging Face Jinja2), parsed once, rendered per request into the prompt text.
 *
 * <p>Renders see what {@code transformers.apply_chat_template} passes: {@code messages} (maps with {@code role} and
 * {@code content}), {@code add_generation_prompt}, {@code bos_token} and {@code eos_token} when the model has them,
 * and the globals {@code raise_exception(msg)} and {@code strftime_now(fmt)}. {@code tools}, {@code documents},
 * {@code enable_thinking} and {@code date_string} are left undefined unless the caller passes them as variables;
 * templates test those with {@code is defined} and take their defaults.
 *
 * <p>Undefined handling is Jinja2's default (lenient) mode, which templates rely on
 * ({@code {% if message.tool_calls %}}): an undefined value is falsy, prints as nothing, iterates as empty, and an
 * attribute of it is undefined again. Jinjava cannot tell {@code none} from undefined, so both behave like that
 * (Jinja2 prints {@code none} as "None" and would raise on an attribute of an undefined, not of a none). Where
 * Jinja2 fails on either - adding it to a string, calling a method on it - the render fails with a
 * {@link ChatTemplateException}, never a prompt with holes in it.
 *
 * <p>Immutable and thread-safe: each render runs on its own interpreter.
 */
public final class ChatTemplate {

    /** The GGUF metadata key that holds the template text. */
    public static final String GGUF_KEY = "tokenizer.chat_template";

    /**
     * Used when a model ships no template: ChatML ({@code <|im_start|>role\ncontent<|im_end|>\n}), llama.cpp's
     * fallback too. Wrong for a model trained on another format, so {@link #fromGguf} logs when it applies.
     */
    public static final String CHATML_SOURCE = loadResource("chatml.jinja");

    private static final Logger LOG = Logger.getLogger(ChatTemplate.class);

    private static final Set<String> RESERVED = Set.of("messages", "add_generation_prompt", "bos_token", "eos_token",
            "raise_exception", "strftime_now", TemplateGlobals.CLOCK_BINDING);

    private final String name;
    private final String source;
    private final String bosToken;
    private final String eosToken;
    private final Clock clock;
    private final Node root;

    private ChatTemplate(String name, String source, String bosToken, String eosToken, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.clock = Objects.requireNonNull(clock, "clock");
        TemplateEngine.Parsed parsed = TemplateEngine.INSTANCE.parse(source);
        if (!parsed.problems().isEmpty()) {
            throw failure(name, "does not parse", parsed.problems());
        }
        this.root = parsed.root();
    }

    /**
     * The template of a GGUF model ({@value #GGUF_KEY}), or {@link #CHATML_SOURCE} when the file has none.
     *
     * @param bosToken the text of the model's BOS token, or null when it has none
     * @param eosToken the text of the model's EOS token, or null when it has none
     */
    public static ChatTemplate fromGguf(GgufMetadata metadata, String bosToken, String eosToken) {
        Optional<String> own = metadata.findString(GGUF_KEY).filter(s -> !s.isBlank());
        if (own.isPresent()) {
            LOG.infof("%s: using the model's own chat template (%d characters)", metadata.source(),
                    own.get().length());
            return new ChatTemplate(metadata.source() + " " + GGUF_KEY, own.get(), bosToken, eosToken,
                    Clock.systemDefaultZone());
        }
        LOG.warnf("%s: no %s in the file; falling back to ChatML, which is wrong for models trained on another "
                + "prompt format", metadata.source(), GGUF_KEY);
        return new ChatTemplate("ChatML (default)", CHATML_SOURCE, bosToken, eosToken, Clock.systemDefaultZone());
    }

    /** A template from its text; {@code strftime_now} reads the system clock. */
    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        return new ChatTemplate("chat template", source, bosToken, eosToken, Clock.systemDefaultZone());
    }

    /** A named template whose {@code strftime_now} reads {@code clock} (tests pin dates with it). */
    public static ChatTemplate of(String name, String source, String bosToken, String eosToken, Clock clock) {
        return new ChatTemplate(name, source, bosToken, eosToken, clock);
    }

    /** The name used in errors and logs. */
    public String name() {
        return name;
    }

    /** The template text. */
    public String source() {
        return source;
    }

    /** Renders {@code messages}, ending with the assistant header when {@code addGenerationPrompt}. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * As {@link #render(List, boolean)}, with extra template variables such as {@code enable_thinking} (Qwen3) or
     * {@code date_string} (Llama 3). Values are strings, numbers, booleans, lists and maps.
     *
     * @throws IllegalArgumentException when a variable would replace one the renderer sets
     * @throws ChatTemplateException when the template fails or rejects the conversation
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
        Map<String, Object> bindings = new HashMap<>();
        for (Map.Entry<String, ?> v : variables.entrySet()) {
            if (RESERVED.contains(v.getKey())) {
                throw new IllegalArgumentException("template variable '" + v.getKey() + "' is set by the renderer");
            }
            bindings.put(v.getKey(), v.getValue());
        }
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        bindings.put("messages", turns);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        if (bosToken != null) {
            bindings.put("bos_token", bosToken);
        }
        if (eosToken != null) {
            bindings.put("eos_token", eosToken);
        }
        for (String global : TemplateEngine.GLOBAL_FUNCTIONS) {
            bindings.put(global, new TemplateGlobals.Marker(global));
        }
        bindings.put(TemplateGlobals.CLOCK_BINDING, clock);

        TemplateEngine.Rendered rendered = TemplateEngine.INSTANCE.render(root, bindings);
        if (!rendered.problems().isEmpty()) {
            throw failure(name, "failed to render", rendered.problems());
        }
        return rendered.output();
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + name + "]";
    }

    /**
     * The exception for a list of Jinjava errors. A {@code raise_exception} anywhere wins: it is the template
     * author's own explanation. Otherwise the first error is reported; later ones usually follow from it.
     */
    private static ChatTemplateException failure(String name, String what,
            List<TemplateEngine.Problem> problems) {
        for (TemplateEngine.Problem p : problems) {
            for (Throwable t = p.cause(); t != null; t = t.getCause()) {
                if (t instanceof TemplateRaisedException raised) {
                    return new ChatTemplateException(name,
                            name + " rejected the conversation: " + raised.getMessage(), true, raised);
                }
            }
        }
        TemplateEngine.Problem first = problems.getFirst();
        String where = first.line() > 0 ? " (line " + first.line() + ")" : "";
        String more = problems.size() > 1 ? " [and " + (problems.size() - 1) + " more]" : "";
        return new ChatTemplateException(name, name + " " + what + ": " + first.message() + where + more, false,
                first.cause());
    }

    private static String loadResource(String file) {
        try (InputStream in = ChatTemplate.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + file + " next to " + ChatTemplate.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
