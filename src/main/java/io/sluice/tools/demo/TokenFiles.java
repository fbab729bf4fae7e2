package io.sluice.tools.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one split of the tokenized corpus as three flat little-endian files the Python trainer maps with numpy:
 * {@code NAME.ids} (uint16 token ids, conversations back to back), {@code NAME.mask} (uint8 per id: 1 when the model
 * learns to produce that id) and {@code NAME.docs} (int32 offsets: where each conversation starts, then the total).
 */
final class TokenFiles implements AutoCloseable {

    private final OutputStream ids;
    private final OutputStream mask;
    private final OutputStream docs;
    private long tokens;
    private long trained;
    private int conversations;
    private int longest;

    TokenFiles(Path dir, String name) {
        try {
            ids = open(dir.resolve(name + ".ids"));
            mask = open(dir.resolve(name + ".mask"));
            docs = open(dir.resolve(name + ".docs"));
            writeInt(docs, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void add(ConversationEncoder.Encoded conversation) {
        int[] tokenIds = conversation.ids();
        try {
            for (int i = 0; i < tokenIds.length; i++) {
                if (tokenIds[i] < 0 || tokenIds[i] > 0xFFFF) {
                    throw new IllegalArgumentException("token id " + tokenIds[i] + " does not fit in uint16");
                }
                ids.write(tokenIds[i] & 0xFF);
                ids.write(tokenIds[i] >>> 8);
                mask.write(conversation.trained()[i] ? 1 : 0);
            }
            tokens += tokenIds.length;
            trained += conversation.trainedCount();
            conversations++;
            longest = Math.max(longest, tokenIds.length);
            writeInt(docs, Math.toIntExact(tokens));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long tokens() {
        return tokens;
    }

    long trained() {
        return trained;
    }

    int conversations() {
        return conversations;
    }

    int longest() {
        return longest;
    }

    @Override
    public void close() {
        try (ids; mask; docs) {
            // closes all three
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OutputStream open(Path file) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
