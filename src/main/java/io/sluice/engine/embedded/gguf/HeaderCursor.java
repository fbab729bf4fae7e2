package io.sluice.engine.embedded.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian reads over a file channel through a bounded window, with every read checked against the
 * file's end so that a truncated file becomes a {@link GgufFormatException} naming what was being read.
 */
final class HeaderCursor {

    private static final int WINDOW = 1 << 20;

    private final FileChannel channel;
    private final String file;
    private final long fileSize;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    /** File offset of {@code window}'s byte 0. */
    private long windowStart;
    /** What is being read, for error messages. */
    private String context = "header";

    HeaderCursor(FileChannel channel, String file, long fileSize) {
        this.channel = channel;
        this.file = file;
        this.fileSize = fileSize;
        window.limit(0);
    }

    void context(String what) {
        this.context = what;
    }

    String context() {
        return context;
    }

    long position() {
        return windowStart + window.position();
    }

    long remainingInFile() {
        return fileSize - position();
    }

    GgufFormatException error(String why) {
        return new GgufFormatException(file + ": " + why + " (while reading " + context + " at byte " + position() + ")");
    }

    private void ensure(int n) {
        if (window.remaining() >= n) {
            return;
        }
        long pos = position();
        if (pos + n > fileSize) {
            throw error("file is truncated: needs " + n + " more bytes but only " + (fileSize - pos) + " remain");
        }
        // The unread bytes move to the front: window byte 0 is file offset pos, and the next read appends after them.
        window.compact();
        windowStart = pos;
        try {
            while (window.position() < n) {
                int read = channel.read(window, windowStart + window.position());
                if (read < 0) {
                    throw error("file is truncated: unexpected end of file");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": read failed while reading " + context, e);
        }
        window.flip();
    }

    int u8() {
        ensure(1);
        return window.get() & 0xFF;
    }

    short i16() {
        ensure(2);
        return window.getShort();
    }

    int i32() {
        ensure(4);
        return window.getInt();
    }

    long i64() {
        ensure(8);
        return window.getLong();
    }

    float f32() {
        ensure(4);
        return window.getFloat();
    }

    double f64() {
        ensure(8);
        return window.getDouble();
    }

    /** An unsigned 64-bit count that must fit in an int and in the rest of the file at {@code minBytesEach} each. */
    int count(String what, int minBytesEach) {
        long n = i64();
        if (n < 0 || n > Integer.MAX_VALUE - 8 || n * (long) minBytesEach > remainingInFile()) {
            throw error(what + " " + Long.toUnsignedString(n) + " is impossible for a file with "
                    + remainingInFile() + " bytes left");
        }
        return (int) n;
    }

    String string() {
        int length = count("string length", 1);
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            int chunk = Math.min(length - done, WINDOW);
            ensure(chunk);
            window.get(bytes, done, chunk);
            done += chunk;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // Some tokenizer vocabularies carry raw bytes; keep them readable rather than reject the file.
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
