package io.sluice.engine.embedded.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a GGUF file's header (magic, version, metadata, tensor infos) and checks that every tensor lies inside the
 * file, aligned, with a known type and a whole number of blocks per row. Works on files of any size: reads are
 * positional with 64-bit offsets.
 */
public final class GgufReader {

    /** "GGUF" read as a little-endian 32-bit integer. */
    static final int MAGIC = 0x46554747;
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMS = 4;

    private GgufReader() {
    }

    /** Opens and parses {@code path}; the returned file must be closed. */
    public static GgufFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new GgufFormatException(path + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot open", e);
        }
        try {
            return parse(path, channel);
        } catch (RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static GgufFile parse(Path path, FileChannel channel) {
        long fileSize;
        try {
            fileSize = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read size", e);
        }
        String file = path.toString();
        HeaderCursor in = new HeaderCursor(channel, file, fileSize);

        in.context("magic");
        if (fileSize < 4) {
            throw new GgufFormatException(file + ": not a GGUF file (only " + fileSize + " bytes)");
        }
        int magic = in.i32();
        if (magic != MAGIC) {
            throw new GgufFormatException(file + ": not a GGUF file (magic bytes are 0x"
                    + Integer.toHexString(Integer.reverseBytes(magic)) + ", expected 'GGUF')");
        }
        in.context("version");
        int version = in.i32();
        if (version == 1) {
            throw new GgufFormatException(file + ": GGUF version 1 is not supported (re-convert the model)");
        }
        if (version != 2 && version != 3) {
            String hint = Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3
                    ? " (a big-endian GGUF file; only little-endian files are supported)" : "";
            throw new GgufFormatException(file + ": unsupported GGUF version " + version + hint);
        }
        in.context("tensor count");
        int tensorCount = in.count("tensor count", 8 + 4 + 8 + 4 + 8);
        in.context("metadata count");
        int kvCount = in.count("metadata count", 8 + 4);

        Map<String, GgufValue> values = new LinkedHashMap<>();
        for (int i = 0; i < kvCount; i++) {
            in.context("metadata entry " + i + " key");
            String key = in.string();
            in.context("metadata key '" + key + "'");
            int typeId = in.i32();
            GgufValueType type = GgufValueType.byId(typeId);
            if (type == null) {
                throw in.error("unknown value type id " + typeId);
            }
            GgufValue value = readValue(in, type);
            if (values.putIfAbsent(key, value) != null) {
                throw in.error("duplicate key");
            }
        }
        GgufMetadata metadata = new GgufMetadata(file, values);

        int alignment = DEFAULT_ALIGNMENT;
        if (metadata.contains(ALIGNMENT_KEY)) {
            long a = metadata.getLong(ALIGNMENT_KEY);
            if (a <= 0 || a > (1 << 30) || Long.bitCount(a) != 1) {
                throw metadata.fail(ALIGNMENT_KEY, "must be a power of two, got " + a);
            }
            alignment = (int) a;
        }

        Map<String, GgufTensorInfo> tensors = new LinkedHashMap<>();
        for (int i = 0; i < tensorCount; i++) {
            in.context("tensor info " + i + " name");
            String name = in.string();
            in.context("tensor '" + name + "' info");
            int nDims = in.i32();
            if (nDims < 1 || nDims > MAX_DIMS) {
                throw in.error("tensor '" + name + "' has " + nDims + " dimensions (1 to " + MAX_DIMS + " allowed)");
            }
            long[] dims = new long[nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                dims[d] = in.i64();
                if (dims[d] <= 0 || dims[d] > (1L << 40)) {
                    throw in.error("tensor '" + name + "' dimension " + d + " is " + Long.toUnsignedString(dims[d]));
                }
                elements = Math.multiplyExact(elements, dims[d]);
            }
            int typeId = in.i32();
            GgmlType type = GgmlType.byId(typeId);
            if (type == null) {
                throw in.error("tensor '" + name + "' has unknown type id " + typeId);
            }
            if (dims[0] % type.blockSize() != 0) {
                throw in.error("tensor '" + name + "' of type " + type + " has rows of " + dims[0]
                        + " elements, not a multiple of the block size " + type.blockSize());
            }
            long offset = in.i64();
            if (offset < 0 || offset % alignment != 0) {
                throw in.error("tensor '" + name + "' data offset " + Long.toUnsignedString(offset)
                        + " is not a multiple of the alignment " + alignment);
            }
            if (tensors.putIfAbsent(name, new GgufTensorInfo(name, type, dims, offset)) != null) {
                throw in.error("duplicate tensor name '" + name + "'");
            }
        }

        long headerEnd = in.position();
        long dataStart = (headerEnd + alignment - 1) / alignment * alignment;
        for (GgufTensorInfo t : tensors.values()) {
            long end = dataStart + t.dataOffset() + t.byteSize();
            if (end > fileSize) {
                throw new GgufFormatException(file + ": tensor '" + t.name() + "' (" + t.type() + ", "
                        + t.byteSize() + " bytes at data offset " + t.dataOffset() + ") ends at byte " + end
                        + " but the file has only " + fileSize + " bytes: the file is truncated");
            }
        }
        return new GgufFile(path, version, metadata, tensors, alignment, dataStart, fileSize, channel);
    }

    private static GgufValue readValue(HeaderCursor in, GgufValueType type) {
        if (type == GgufValueType.ARRAY) {
            int elementId = in.i32();
            GgufValueType elementType = GgufValueType.byId(elementId);
            if (elementType == null) {
                throw in.error("array has unknown element type id " + elementId);
            }
            int minSize = elementType.fixedSize() > 0 ? elementType.fixedSize() : 8;
            int n = in.count("array length", minSize);
            return new GgufValue(GgufValueType.ARRAY, elementType, readArray(in, elementType, n));
        }
        Object value = switch (type) {
            case UINT8 -> (long) in.u8();
            case INT8 -> (long) (byte) in.u8();
            case UINT16 -> (long) (in.i16() & 0xFFFF);
            case INT16 -> (long) in.i16();
            case UINT32 -> in.i32() & 0xFFFFFFFFL;
            case INT32 -> (long) in.i32();
            case UINT64, INT64 -> in.i64();
            case FLOAT32 -> in.f32();
            case FLOAT64 -> in.f64();
            case BOOL -> readBool(in);
            case STRING -> in.string();
            case ARRAY -> throw new AssertionError();
        };
        return new GgufValue(type, null, value);
    }

    private static boolean readBool(HeaderCursor in) {
        int b = in.u8();
        if (b > 1) {
            throw in.error("boolean byte is " + b + " (0 or 1 expected)");
        }
        return b == 1;
    }

    private static Object readArray(HeaderCursor in, GgufValueType elementType, int n) {
        switch (elementType) {
            case UINT8, INT8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) in.u8();
                }
                return a;
            }
            case UINT16, INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.i16();
                }
                return a;
            }
            case UINT32, INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.i32();
                }
                return a;
            }
            case UINT64, INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.i64();
                }
                return a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.f32();
                }
                return a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.f64();
                }
                return a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readBool(in);
                }
                return a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.string();
                }
                return a;
            }
            case ARRAY -> {
                GgufValue[] a = new GgufValue[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readValue(in, GgufValueType.ARRAY);
                }
                return a;
            }
        }
        throw new AssertionError(elementType);
    }
}
