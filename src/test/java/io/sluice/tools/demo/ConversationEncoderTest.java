package io.sluice.tools.demo;

import io.sluice.engine.embedded.template.ChatTemplate;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.spi.ChatMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversationEncoderTest {

    private final Tokenizer tokenizer = TinyVocabulary.tokenizer();
    private final ChatTemplate template = DemoModel.chatTemplate();
    private final int imEnd = tokenizer.vocabulary().id(DemoModel.IM_END).orElseThrow();
    private final ConversationEncoder encoder = new ConversationEncoder(template, tokenizer, imEnd);

    @Test
    void idsAreTheWholeRenderedConversationAsAServerTokenizesIt() {
        for (List<ChatMessage> conversation : TinyVocabulary.CONVERSATIONS) {
            assertArrayEquals(tokenizer.encode(template.render(conversation, false), true, true),
                    encoder.encode(conversation).ids());
        }
    }

    @Test
    void onlyAssistantRepliesAndTheirEndOfTurnAreTrained() {
        List<ChatMessage> conversation = TinyVocabulary.CONVERSATIONS.get(1);
        ConversationEncoder.Encoded encoded = encoder.encode(conversation);
        List<String> trainedRuns = new ArrayList<>();
        StringBuilder run = null;
        for (int i = 0; i < encoded.ids().length; i++) {
            if (encoded.trained()[i]) {
                if (run == null) {
                    run = new StringBuilder();
                }
                run.append(new String(tokenizer.decode(encoded.ids()[i]), StandardCharsets.UTF_8));
            } else if (run != null) {
                trainedRuns.add(run.toString());
                run = null;
            }
        }
        assertEquals(List.of("Hello! How can I help you today?<|im_end|>",
                "Once upon a time, there was a little fox. The end.<|im_end|>"), trainedRuns);
        assertFalse(encoded.trained()[0]);
    }

    @Test
    void aPromptEndsWithTheAssistantHeaderAndPrefixesTheConversation() {
        List<ChatMessage> conversation = TinyVocabulary.CONVERSATIONS.get(0);
        int[] prompt = encoder.prompt(conversation.subList(0, 1));
        String text = new String(tokenizer.decode(prompt), StandardCharsets.UTF_8);
        assertTrue(text.endsWith("<|im_start|>assistant\n"), text);
        int[] whole = encoder.encode(conversation).ids();
        assertArrayEquals(prompt, java.util.Arrays.copyOf(whole, prompt.length));
    }

    @Test
    void endOfTurnIsTheEosAndNothingIsAddedToPrompts() {
        assertEquals(imEnd, tokenizer.eos().orElseThrow());
        assertTrue(tokenizer.isEndOfGeneration(imEnd));
        assertFalse(tokenizer.vocabulary().addsBos());
        int imStart = tokenizer.vocabulary().id(DemoModel.IM_START).orElseThrow();
        assertEquals(imStart, encoder.prompt(List.of(new ChatMessage("user", "Hi")))[0]);
    }
}
