package io.sluice.engine.embedded.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken files fail at open with a message naming the file, the key or tensor, and why. */
class GgufCorruptionTest {

    @TempDir
    Path dir;

    private Path valid() {
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "llama");
        w.put("tokenizer.ggml.tokens", GgufValue.ofStrings("a", "b", "c"));
        w.addTensor("token_embd.weight", GgmlType.F32, new long[] {4, 3}, new byte[48]);
        w.addTensor("output_norm.weight", GgmlType.F32, new long[] {4}, new byte[16]);
        Path file = dir.resolve("valid.gguf");
        w.write(file);
        return file;
    }

    private String failure(byte[] bytes) throws IOException {
        Path file = dir.resolve("broken.gguf");
        Files.write(file, bytes);
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufReader.open(file).close());
        assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void everyTruncationPointIsAClearError() throws IOException {
        Path valid = valid();
        long dataEnd;
        try (GgufFile g = GgufReader.open(valid)) {
            GgufTensorInfo last = g.tensor("output_norm.weight");
            dataEnd = g.dataStart() + last.dataOffset() + last.byteSize();
        }
        byte[] bytes = Files.readAllBytes(valid);
        // Cut the file at every length short of its last tensor byte (what follows is padding): never an
        // IndexOutOfBounds or a half-read file.
        for (int length = 0; length < dataEnd; length++) {
            String message = failure(Arrays.copyOf(bytes, length));
            assertTrue(message.contains("truncated") || message.contains("not a GGUF file")
                    || message.contains("impossible"), "length " + length + ": " + message);
        }
    }

    @Test
    void truncatedTensorDataNamesTheTensor() throws IOException {
        byte[] bytes = Files.readAllBytes(valid());
        // The last 16 bytes are alignment padding; cutting 24 removes half of output_norm.weight's data.
        String message = failure(Arrays.copyOf(bytes, bytes.length - 24));
        assertTrue(message.contains("'output_norm.weight'") && message.contains("truncated"), message);
    }

    @Test
    void badMagic() throws IOException {
        byte[] bytes = Files.readAllBytes(valid());
        bytes[0] = 'X';
        assertTrue(failure(bytes).contains("not a GGUF file"));
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] bytes = Files.readAllBytes(valid());
        bytes[4] = 9;
        assertTrue(failure(bytes).contains("unsupported GGUF version 9"));
        bytes[4] = 1;
        assertTrue(failure(bytes).contains("version 1 is not supported"));
    }

    @Test
    void unknownTensorTypeNamesTheTensor() throws IOException {
        byte[] bytes = Files.readAllBytes(valid());
        int at = indexOf(bytes, "output_norm.weight".getBytes()) + "output_norm.weight".length() + 4 + 8;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 99);
        String message = failure(bytes);
        assertTrue(message.contains("'output_norm.weight'") && message.contains("unknown type id 99"), message);
    }

    @Test
    void unknownValueTypeNamesTheKey() throws IOException {
        byte[] bytes = Files.readAllBytes(valid());
        int at = indexOf(bytes, "general.architecture".getBytes()) + "general.architecture".length();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 42);
        String message = failure(bytes);
        assertTrue(message.contains("'general.architecture'") && message.contains("unknown value type id 42"),
                message);
    }

    @Test
    void absurdArrayLengthIsRejectedBeforeAllocating() throws IOException {
        byte[] bytes = Files.readAllBytes(valid());
        int at = indexOf(bytes, "tokenizer.ggml.tokens".getBytes()) + "tokenizer.ggml.tokens".length() + 4 + 4;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, 1L << 40);
        String message = failure(bytes);
        assertTrue(message.contains("'tokenizer.ggml.tokens'") && message.contains("impossible"), message);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.gguf");
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufReader.open(file));
        assertTrue(e.getMessage().contains("no such file"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
