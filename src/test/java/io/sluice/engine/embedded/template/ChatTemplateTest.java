package io.sluice.engine.embedded.template;

import io.sluice.engine.embedded.gguf.GgufMetadata;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.spi.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public contract of {@link ChatTemplate}: where templates come from, and how each kind of failure surfaces. */
class ChatTemplateTest {

    private static final List<ChatMessage> HELLO = List.of(new ChatMessage("user", "Hello"));

    @Test
    void ggufTemplateIsUsedWhenPresent() {
        GgufMetadata metadata = new GgufMetadata("tiny.gguf",
                Map.of(ChatTemplate.GGUF_KEY, GgufValue.ofString(Fixtures.template("tinyllama-1.1b-chat.jinja"))));
        ChatTemplate template = ChatTemplate.fromGguf(metadata, "<s>", "</s>");
        assertEquals("<|user|>\nHello</s>\n<|assistant|>\n", template.render(HELLO, true));
        assertTrue(template.name().contains("tiny.gguf"), template.name());
    }

    @Test
    void ggufWithoutTemplateFallsBackToChatMl() {
        ChatTemplate template = ChatTemplate.fromGguf(new GgufMetadata("bare.gguf", Map.of()), null, null);
        assertEquals(ChatTemplate.CHATML_SOURCE, template.source());
        assertEquals("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n", template.render(HELLO, true));
        assertEquals("<|im_start|>user\nHello<|im_end|>\n", template.render(HELLO, false));
    }

    @Test
    void blankGgufTemplateCountsAsAbsent() {
        GgufMetadata metadata = new GgufMetadata("blank.gguf", Map.of(ChatTemplate.GGUF_KEY, GgufValue.ofString(" ")));
        assertEquals(ChatTemplate.CHATML_SOURCE, ChatTemplate.fromGguf(metadata, null, null).source());
    }

    @Test
    void defaultTemplateIsTheOneTheGoldensCheck() {
        assertEquals(Fixtures.template("chatml-default.jinja"), ChatTemplate.CHATML_SOURCE);
    }

    @Test
    void syntaxErrorsFailAtLoadWithNameAndLine() {
        ChatTemplateException missingEnd = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("broken", "{% for m in messages %}\n{{ m.content }}", null, null,
                        Fixtures.FIXED_CLOCK));
        assertTrue(missingEnd.getMessage().startsWith("broken does not parse:"), missingEnd.getMessage());
        assertTrue(missingEnd.getMessage().contains("endfor"), missingEnd.getMessage());
        assertEquals("broken", missingEnd.templateName());
        assertFalse(missingEnd.raisedByTemplate());

        ChatTemplateException badExpression = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("t", "ok\n{{ 'a' + }}", null, null, Fixtures.FIXED_CLOCK));
        assertTrue(badExpression.getMessage().contains("(line 2)"), badExpression.getMessage());
    }

    @Test
    void unknownTagsFiltersAndTestsFailAtLoad() {
        for (String source : List.of("{% frobnicate %}", "{{ messages | frobnicate }}",
                "{% if messages is frobnicated %}x{% endif %}", "{% set x = messages | frobnicate %}")) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class,
                    () -> ChatTemplate.of(source, null, null), source);
            assertTrue(e.getMessage().contains("frobnicat"), e.getMessage());
        }
    }

    @Test
    void raiseExceptionRejectsTheConversationWithTheTemplatesMessage() {
        ChatTemplate mistral = ChatTemplate.of("mistral", Fixtures.template("mistral-instruct-v0.2.jinja"), "<s>",
                "</s>", Fixtures.FIXED_CLOCK);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> mistral.render(
                List.of(new ChatMessage("user", "a"), new ChatMessage("user", "b")), true));
        assertTrue(e.raisedByTemplate());
        assertEquals("mistral rejected the conversation: Conversation roles must alternate "
                + "user/assistant/user/assistant/...", e.getMessage());
        // The template is unharmed by a failed render.
        assertEquals("<s>[INST] a [/INST]", mistral.render(List.of(new ChatMessage("user", "a")), true));
    }

    @Test
    void missingValuesFailInsteadOfPrintingNull() {
        ChatTemplate usesBos = ChatTemplate.of("{{ bos_token + messages[0].content }}", null, null);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> usesBos.render(HELLO, false));
        assertFalse(e.raisedByTemplate());
        assertTrue(e.getMessage().contains("unsupported operand"), e.getMessage());

        ChatTemplate callsMethodOnUndefined = ChatTemplate.of("{{ nothing.strip() }}", null, null);
        assertThrows(ChatTemplateException.class, () -> callsMethodOnUndefined.render(HELLO, false));

        ChatTemplate chatMl = ChatTemplate.of(ChatTemplate.CHATML_SOURCE, null, null);
        assertThrows(ChatTemplateException.class, () -> chatMl.render(List.of(new ChatMessage("user", null)), true));
    }

    @Test
    void templatesCannotLoadOtherTemplates() {
        for (String source : List.of("{% include 'other.jinja' %}", "{% import 'm.jinja' as m %}",
                "{% extends 'base.jinja' %}")) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> {
                ChatTemplate.of(source, null, null).render(HELLO, false);
            }, source);
            assertFalse(e.raisedByTemplate());
        }
    }

    @Test
    void variablesReachTheTemplateButCannotReplaceTheRenderersOwn() {
        ChatTemplate t = ChatTemplate.of("{{ date_string }}|{{ enable_thinking }}", null, null);
        assertEquals("26 Jul 2024|False",
                t.render(HELLO, false, Map.of("date_string", "26 Jul 2024", "enable_thinking", false)));
        assertThrows(IllegalArgumentException.class, () -> t.render(HELLO, false, Map.of("messages", List.of())));
        assertThrows(IllegalArgumentException.class, () -> t.render(HELLO, false, Map.of("bos_token", "<s>")));
    }

    @Test
    void concurrentRendersOfOneTemplateDoNotInterfere() throws Exception {
        ChatTemplate qwen3 = ChatTemplate.of("qwen3", Fixtures.template("qwen3.jinja"), null, "<|im_end|>",
                Fixtures.FIXED_CLOCK);
        List<List<ChatMessage>> conversations = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            List<ChatMessage> c = new ArrayList<>();
            for (int turn = 0; turn <= i % 4; turn++) {
                c.add(new ChatMessage("user", "question " + i + "." + turn));
                c.add(new ChatMessage("assistant", "<think>\nthinking " + i + "\n</think>\n\nanswer " + turn));
            }
            c.add(new ChatMessage("user", "last " + i));
            conversations.add(c);
            expected.add(qwen3.render(c, true));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 200; round++) {
                int i = round % conversations.size();
                results.add(pool.submit(() -> expected.get(i).equals(qwen3.render(conversations.get(i), true))));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        }
    }
}
