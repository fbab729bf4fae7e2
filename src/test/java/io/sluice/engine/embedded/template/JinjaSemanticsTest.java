package io.sluice.engine.embedded.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.spi.ChatMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One Jinja2 behaviour per small template ({@code golden/snippets.json}) - string methods, slices, tojson,
 * namespace, loop variables, tests, whitespace control, loop filters - against Jinja2's own output
 * ({@code golden/snippets-expected.json}). Where Jinja2 fails, the render must fail.
 */
class JinjaSemanticsTest {

    @TestFactory
    List<DynamicTest> behavesLikeJinja2() {
        JsonNode input = Fixtures.json("golden/snippets.json");
        List<ChatMessage> messages = Fixtures.messages(input.get("messages"));
        Map<String, JsonNode> expected = new HashMap<>();
        Fixtures.json("golden/snippets-expected.json").get("results").forEach(r -> expected.put(r.get("id").asText(), r));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode snippet : input.get("snippets")) {
            String id = snippet.get("id").asText();
            tests.add(DynamicTest.dynamicTest(id, () -> {
                JsonNode result = expected.get(id);
                ChatTemplate template =
                        ChatTemplate.of(id, snippet.get("template").asText(), null, null, Fixtures.FIXED_CLOCK);
                if (result.has("expected")) {
                    assertEquals(result.get("expected").asText(), template.render(messages, false));
                } else {
                    assertThrows(ChatTemplateException.class, () -> template.render(messages, false),
                            "Jinja2 fails here: " + result.get("error").asText());
                }
            }));
        }
        return tests;
    }
}
