package io.sluice.tools.demo;

import io.sluice.engine.embedded.template.ChatTemplate;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.spi.ChatMessage;

import java.util.Arrays;
import java.util.List;

/**
 * Turns a conversation into the token ids a chat server would see (the whole conversation rendered by the chat
 * template, then tokenized as a rendered prompt is) and marks which of them the model is trained to produce: the
 * content of every assistant turn and the end-of-turn token after it. Everything else (system and user turns,
 * the {@code <|im_start|>assistant\n} header the template adds as the generation prompt, the newline after each
 * turn) is context only.
 *
 * <p>The boundaries come from rendering each prefix of the conversation with the template itself, so nothing here
 * knows ChatML; it only checks that each prefix tokenizes to a prefix of the whole (true whenever the template puts
 * a special token at every turn boundary) and fails loudly otherwise.
 */
final class ConversationEncoder {

    /** Token ids and, per id, whether the model learns to produce it. */
    record Encoded(int[] ids, boolean[] trained) {

        int trainedCount() {
            int n = 0;
            for (boolean t : trained) {
                n += t ? 1 : 0;
            }
            return n;
        }
    }

    private final ChatTemplate template;
    private final Tokenizer tokenizer;
    private final int endOfTurn;

    ConversationEncoder(ChatTemplate template, Tokenizer tokenizer, int endOfTurn) {
        this.template = template;
        this.tokenizer = tokenizer;
        this.endOfTurn = endOfTurn;
    }

    /** The ids of a prompt ready for generation: {@code messages} then the assistant header. */
    int[] prompt(List<ChatMessage> messages) {
        return encode(template.render(messages, true));
    }

    Encoded encode(List<ChatMessage> messages) {
        int[] ids = encode(template.render(messages, false));
        boolean[] trained = new boolean[ids.length];
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).role().equals("assistant")) {
                continue;
            }
            int start = checkedPrefix(ids, encode(template.render(messages.subList(0, i), true)), messages, i);
            int end = checkedPrefix(ids, encode(template.render(messages.subList(0, i + 1), false)), messages, i);
            // The turn ends with the end-of-turn token, then whatever separator the template puts between turns.
            int last = end - 1;
            while (last >= start && ids[last] != endOfTurn) {
                last--;
            }
            if (last < start) {
                throw new IllegalArgumentException("assistant turn " + i + " has no end-of-turn token: " + messages);
            }
            Arrays.fill(trained, start, last + 1, true);
        }
        return new Encoded(ids, trained);
    }

    private int checkedPrefix(int[] whole, int[] prefix, List<ChatMessage> messages, int turn) {
        if (prefix.length > whole.length || !Arrays.equals(whole, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new IllegalStateException("the rendered conversation up to turn " + turn
                    + " does not tokenize to a prefix of the whole conversation: " + messages);
        }
        return prefix.length;
    }

    private int[] encode(String rendered) {
        return tokenizer.encode(rendered, true, true);
    }
}
