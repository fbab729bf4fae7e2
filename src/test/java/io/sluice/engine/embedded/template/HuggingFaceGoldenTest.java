package io.sluice.engine.embedded.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.spi.ChatMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every real template in {@code templates/} over every conversation in {@code golden/scenarios.json}, with and
 * without the generation prompt, against the text Jinja2 renders in transformers' configuration
 * ({@code golden/goldens.json}, made by {@code golden/render_goldens.py}). Where Jinja2 raised, we must raise too,
 * with the template's own message.
 */
class HuggingFaceGoldenTest {

    @TestFactory
    List<DynamicTest> rendersExactlyWhatHuggingFaceRenders() {
        JsonNode spec = Fixtures.json("golden/scenarios.json");
        Map<String, ChatTemplate> templates = new HashMap<>();
        for (JsonNode t : spec.get("templates")) {
            String file = t.get("file").asText();
            templates.put(file, ChatTemplate.of(file, Fixtures.template(file), Fixtures.textOrNull(t.get("bos_token")),
                    Fixtures.textOrNull(t.get("eos_token")), Fixtures.FIXED_CLOCK));
        }
        Map<String, JsonNode> scenarios = new HashMap<>();
        spec.get("scenarios").forEach(s -> scenarios.put(s.get("id").asText(), s));

        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode golden : Fixtures.json("golden/goldens.json").get("goldens")) {
            String file = golden.get("template").asText();
            JsonNode scenario = scenarios.get(golden.get("scenario").asText());
            boolean addGenerationPrompt = golden.get("add_generation_prompt").asBoolean();
            String name = file + " / " + scenario.get("id").asText() + (addGenerationPrompt ? " / +prompt" : "");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                ChatTemplate template = templates.get(file);
                List<ChatMessage> messages = Fixtures.messages(scenario.get("messages"));
                Map<String, Object> variables = Fixtures.variables(scenario.get("variables"));
                if (golden.has("expected")) {
                    assertEquals(golden.get("expected").asText(),
                            template.render(messages, addGenerationPrompt, variables));
                } else {
                    ChatTemplateException e = assertThrows(ChatTemplateException.class,
                            () -> template.render(messages, addGenerationPrompt, variables));
                    assertTrue(e.raisedByTemplate(), e::getMessage);
                    assertTrue(e.getMessage().endsWith(": " + golden.get("error").asText()), e::getMessage);
                }
            }));
        }
        return tests;
    }

    @Test
    void goldensCoverEveryTemplateAndBothGenerationPromptSettings() {
        JsonNode spec = Fixtures.json("golden/scenarios.json");
        int expected = spec.get("templates").size() * spec.get("scenarios").size() * 2;
        assertEquals(expected, Fixtures.json("golden/goldens.json").get("goldens").size(),
                "goldens.json is stale: rerun golden/render_goldens.py");
    }
}
