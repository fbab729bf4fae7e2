package io.sluice.engine.embedded.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Offsets past 2 GiB and version 2 files. The large file is sparse (a 2.5 GiB tensor of zeros that takes no disk),
 * written by hand because the writer materialises tensor data.
 */
class GgufLargeFileTest {

    @TempDir
    Path dir;

    @Test
    void tensorsBeyondTwoGibibytesAreRead() throws IOException {
        long bigElements = 640L * 1024 * 1024;        // F32: 2.5 GiB
        long bigBytes = bigElements * 4;
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(GgufReader.MAGIC).putInt(3).putLong(2).putLong(0);
        putTensorInfo(b, "big", new long[] {1024, bigElements / 1024}, GgmlType.F32, 0);
        putTensorInfo(b, "small", new long[] {8}, GgmlType.F32, bigBytes);
        header.write(b.array(), 0, b.position());
        long dataStart = (header.size() + 31) / 32 * 32;
        Path file = dir.resolve("large.gguf");
        byte[] small = GgufRoundTripTest.floats(1, 2, 3, 4, 5, 6, 7, 8);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header.toByteArray());
            raf.setLength(dataStart + bigBytes + small.length);
            raf.seek(dataStart + bigBytes);
            raf.write(small);
            raf.seek(dataStart + bigBytes - 4);
            raf.write(GgufRoundTripTest.floats(42f));
        }
        try (GgufFile g = GgufReader.open(file)) {
            assertEquals(bigBytes, g.tensor("big").byteSize());
            assertArrayEquals(small, g.readAll(g.tensor("small")));
            byte[] lastOfBig = new byte[4];
            g.read(g.tensor("big"), bigBytes - 4, lastOfBig, 0, 4);
            assertArrayEquals(GgufRoundTripTest.floats(42f), lastOfBig);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void versionTwoFilesAreRead() throws IOException {
        GgufWriter w = new GgufWriter();
        w.putString("general.name", "v2");
        w.addTensor("t", GgmlType.F32, new long[] {2}, GgufRoundTripTest.floats(1, 2));
        Path file = dir.resolve("v2.gguf");
        w.write(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[4] = 2;   // v2 differs from v3 only in allowing big-endian files, which v3 flags; the layout is the same
        Files.write(file, bytes);
        try (GgufFile g = GgufReader.open(file)) {
            assertEquals(2, g.version());
            assertEquals("v2", g.metadata().getString("general.name"));
            assertArrayEquals(GgufRoundTripTest.floats(1, 2), g.readAll(g.tensor("t")));
        }
    }

    private static void putTensorInfo(ByteBuffer b, String name, long[] dims, GgmlType type, long offset) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        b.putLong(n.length).put(n).putInt(dims.length);
        for (long d : dims) {
            b.putLong(d);
        }
        b.putInt(type.id()).putLong(offset);
    }
}
