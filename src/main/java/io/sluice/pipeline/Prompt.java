package io.sluice.pipeline;

import io.sluice.engine.spi.ChatMessage;

import java.util.List;

/** What the client asked the model to continue, before tokenizing. */
public sealed interface Prompt {

    /** The request field that holds the prompt, named in errors about it. */
    String param();

    /** A conversation, rendered through the model's chat template with the generation prompt appended. */
    record Chat(List<ChatMessage> messages) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
        }

        @Override
        public String param() {
            return "messages";
        }
    }

    /** A raw completion prompt. */
    record Text(String text) implements Prompt {
        @Override
        public String param() {
            return "prompt";
        }
    }

    /** A prompt the client tokenized itself. */
    record TokenIds(int[] ids) implements Prompt {
        public TokenIds {
            ids = ids.clone();
        }

        @Override
        public String param() {
            return "prompt";
        }
    }
}
