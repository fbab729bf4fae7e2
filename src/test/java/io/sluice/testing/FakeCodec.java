package io.sluice.testing;

import io.sluice.engine.spi.ChatMessage;
import io.sluice.engine.spi.PromptCodec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A toy byte-level codec: ids 0-255 are single bytes (so a multi-byte UTF-8 character always spans several tokens),
 * 256-259 are control tokens, and a few whole-word tokens exist so one token can carry several characters. Its chat
 * template is ChatML. Deterministic and thread-safe.
 */
public final class FakeCodec implements PromptCodec {

    public static final int BOS = 256;
    public static final int EOS = 257;
    public static final int IM_START = 258;
    public static final int IM_END = 259;
    private static final String[] CONTROL = {"<s>", "</s>", "<|im_start|>", "<|im_end|>"};
    /** Word tokens, from id 260 on. */
    private static final String[] WORDS = {"Hello", " world", "STOP", "ö"};
    public static final int HELLO = 260;
    public static final int WORLD = 261;

    /** The ids of {@code text}'s UTF-8 bytes, one token per byte. */
    public static int[] bytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return IntStream.range(0, utf8.length).map(i -> utf8[i] & 0xFF).toArray();
    }

    @Override
    public int[] encodeText(String text) {
        return concat(new int[]{BOS}, bytes(text));
    }

    @Override
    public int[] encodeChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
        int[] ids = new int[0];
        for (ChatMessage m : messages) {
            ids = concat(ids, new int[]{IM_START}, bytes(m.role() + "\n" + m.content()), new int[]{IM_END},
                    bytes("\n"));
        }
        return addGenerationPrompt ? concat(ids, new int[]{IM_START}, bytes("assistant\n")) : ids;
    }

    @Override
    public String renderChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage m : messages) {
            text.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
        }
        return addGenerationPrompt ? text.append("<|im_start|>assistant\n").toString() : text.toString();
    }

    @Override
    public byte[] tokenBytes(int tokenId) {
        if (tokenId < 256) {
            return new byte[]{(byte) tokenId};
        }
        if (tokenId < 260) {
            return CONTROL[tokenId - 256].getBytes(StandardCharsets.UTF_8);
        }
        return WORDS[tokenId - 260].getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabularySize() {
        return 260 + WORDS.length;
    }

    @Override
    public boolean isEndOfGeneration(int tokenId) {
        return tokenId == EOS || tokenId == IM_END;
    }

    @Override
    public boolean isControl(int tokenId) {
        return tokenId >= 256 && tokenId < 260;
    }

    /** The text of a prompt, control tokens included (how the fake engine finds its script). */
    public String text(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(tokenBytes(id));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }
}
