package io.sluice.engine.embedded.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.spi.ChatMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The templates and expected prompts of llama.cpp's {@code tests/test-chat-template.cpp} for its fixed six-turn
 * conversation ({@code llamacpp-cases.json}): an independent source for the same question, covering templates that
 * use {@code .strip()}, {@code .title()}, {@code messages[1:]}, {@code namespace}, {@code in} and filters.
 */
class LlamaCppReferenceTest {

    @TestFactory
    List<DynamicTest> rendersWhatLlamaCppExpects() {
        JsonNode doc = Fixtures.json("llamacpp-cases.json");
        List<ChatMessage> conversation = Fixtures.messages(doc.get("conversation"));
        boolean addGenerationPrompt = doc.get("add_generation_prompt").asBoolean();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : doc.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                ChatTemplate template = ChatTemplate.of(c.get("name").asText(), c.get("template").asText(),
                        c.get("bos_token").asText(), c.get("eos_token").asText(), Fixtures.FIXED_CLOCK);
                assertEquals(c.get("expected").asText(), template.render(conversation, addGenerationPrompt));
            }));
        }
        return tests;
    }
}
