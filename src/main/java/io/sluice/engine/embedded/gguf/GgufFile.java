package io.sluice.engine.embedded.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed GGUF file: its metadata and tensor infos, with positional access to tensor bytes. Holds the file open
 * until {@link #close()}.
 */
public final class GgufFile implements AutoCloseable {

    private final Path path;
    private final int version;
    private final GgufMetadata metadata;
    private final Map<String, GgufTensorInfo> tensors;
    private final int alignment;
    private final long dataStart;
    private final long fileSize;
    private final FileChannel channel;

    GgufFile(Path path, int version, GgufMetadata metadata, Map<String, GgufTensorInfo> tensors, int alignment,
             long dataStart, long fileSize, FileChannel channel) {
        this.path = path;
        this.version = version;
        this.metadata = metadata;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.alignment = alignment;
        this.dataStart = dataStart;
        this.fileSize = fileSize;
        this.channel = channel;
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** Tensor infos by name, in file order. */
    public Map<String, GgufTensorInfo> tensors() {
        return tensors;
    }

    public int alignment() {
        return alignment;
    }

    /** Absolute file offset of the tensor data section. */
    public long dataStart() {
        return dataStart;
    }

    public long fileSize() {
        return fileSize;
    }

    /** The tensor called {@code name}; a missing tensor is a format error naming it. */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo t = tensors.get(name);
        if (t == null) {
            throw new GgufFormatException(path + ": required tensor '" + name + "' is missing");
        }
        return t;
    }

    /** Copies {@code length} bytes of {@code tensor}, starting {@code from} bytes into it, into {@code dst}. */
    public void read(GgufTensorInfo tensor, long from, byte[] dst, int dstOffset, int length) {
        if (from < 0 || length < 0 || from + length > tensor.byteSize()) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + (from + length) + ") outside tensor "
                    + tensor.name() + " of " + tensor.byteSize() + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(dst, dstOffset, length);
        long position = dataStart + tensor.dataOffset() + from;
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new GgufFormatException(path + ": tensor '" + tensor.name() + "' is truncated");
                }
                position += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": reading tensor '" + tensor.name() + "' failed", e);
        }
    }

    /** All bytes of a tensor smaller than 2 GiB. */
    public byte[] readAll(GgufTensorInfo tensor) {
        long size = tensor.byteSize();
        if (size > Integer.MAX_VALUE - 16) {
            throw new GgufFormatException(path + ": tensor '" + tensor.name() + "' has " + size
                    + " bytes, too many for one array; read it in parts");
        }
        byte[] bytes = new byte[(int) size];
        read(tensor, 0, bytes, 0, bytes.length);
        return bytes;
    }

    /** Maps a tensor read-only (the page cache backs it; see the loading notes in the engine's README section). */
    public MemorySegment map(GgufTensorInfo tensor, Arena arena) {
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + tensor.dataOffset(), tensor.byteSize(), arena);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": mapping tensor '" + tensor.name() + "' failed", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return path + " (GGUF v" + version + ", " + metadata.keys().size() + " keys, " + tensors.size() + " tensors)";
    }
}
