package io.sluice.engine.embedded.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF v3 files: metadata in insertion order, then tensor infos, then aligned tensor data. Used to export
 * trained models and to write the random-weight fixtures and benchmark models the tests and benchmarks need.
 */
public final class GgufWriter {

    private record PendingTensor(String name, GgmlType type, long[] dims, byte[] data) {
    }

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private int alignment = GgufReader.DEFAULT_ALIGNMENT;

    public GgufWriter put(String key, GgufValue value) {
        if (metadata.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("duplicate metadata key " + key);
        }
        if (key.equals(GgufReader.ALIGNMENT_KEY)) {
            alignment = Math.toIntExact((Long) value.value());
        }
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValue.ofString(value));
    }

    public GgufWriter putUInt32(String key, long value) {
        return put(key, GgufValue.ofUInt32(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValue.ofFloat32(value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValue.ofBool(value));
    }

    /**
     * Adds a tensor. {@code dims} are fastest-varying first (a matrix of {@code out} rows of {@code in} inputs is
     * {@code {in, out}}); {@code data} holds exactly the bytes the type needs.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, byte[] data) {
        long elements = 1;
        for (long d : dims) {
            elements *= d;
        }
        if (type.bytesFor(elements) != data.length) {
            throw new IllegalArgumentException("tensor " + name + ": " + type + " " + java.util.Arrays.toString(dims)
                    + " needs " + type.bytesFor(elements) + " bytes, got " + data.length);
        }
        tensors.add(new PendingTensor(name, type, dims.clone(), data));
        return this;
    }

    public void write(Path path) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + path + " failed", e);
        }
    }

    public void write(OutputStream raw) throws IOException {
        CountingSink out = new CountingSink(raw);
        out.i32(GgufReader.MAGIC);
        out.i32(3);
        out.i64(tensors.size());
        out.i64(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            out.string(e.getKey());
            out.i32(e.getValue().type().id());
            writeValue(out, e.getValue());
        }
        long offset = 0;
        for (PendingTensor t : tensors) {
            out.string(t.name);
            out.i32(t.dims.length);
            for (long d : t.dims) {
                out.i64(d);
            }
            out.i32(t.type.id());
            out.i64(offset);
            offset = align(offset + t.data.length);
        }
        out.pad(align(out.count) - out.count);
        for (PendingTensor t : tensors) {
            out.bytes(t.data);
            out.pad(align(t.data.length) - t.data.length);
        }
        out.flush();
    }

    private long align(long n) {
        return (n + alignment - 1) / alignment * alignment;
    }

    private static void writeValue(CountingSink out, GgufValue v) throws IOException {
        switch (v.type()) {
            case UINT8, INT8 -> out.u8((int) (long) (Long) v.value());
            case UINT16, INT16 -> out.i16((short) (long) (Long) v.value());
            case UINT32, INT32 -> out.i32((int) (long) (Long) v.value());
            case UINT64, INT64 -> out.i64((Long) v.value());
            case FLOAT32 -> out.i32(Float.floatToRawIntBits((Float) v.value()));
            case FLOAT64 -> out.i64(Double.doubleToRawLongBits((Double) v.value()));
            case BOOL -> out.u8((Boolean) v.value() ? 1 : 0);
            case STRING -> out.string((String) v.value());
            case ARRAY -> writeArray(out, v);
        }
    }

    private static void writeArray(CountingSink out, GgufValue v) throws IOException {
        out.i32(v.elementType().id());
        out.i64(v.arrayLength());
        switch (v.value()) {
            case byte[] a -> out.bytes(a);
            case short[] a -> {
                for (short x : a) {
                    out.i16(x);
                }
            }
            case int[] a -> {
                for (int x : a) {
                    out.i32(x);
                }
            }
            case long[] a -> {
                for (long x : a) {
                    out.i64(x);
                }
            }
            case float[] a -> {
                for (float x : a) {
                    out.i32(Float.floatToRawIntBits(x));
                }
            }
            case double[] a -> {
                for (double x : a) {
                    out.i64(Double.doubleToRawLongBits(x));
                }
            }
            case boolean[] a -> {
                for (boolean x : a) {
                    out.u8(x ? 1 : 0);
                }
            }
            case String[] a -> {
                for (String x : a) {
                    out.string(x);
                }
            }
            case GgufValue[] a -> {
                // Elements of an array of arrays are arrays themselves: element type, length, values.
                for (GgufValue x : a) {
                    if (x.type() != GgufValueType.ARRAY) {
                        throw new IllegalArgumentException("an array of arrays holds " + x.type());
                    }
                    writeArray(out, x);
                }
            }
            default -> throw new IllegalArgumentException("unsupported array representation " + v.value().getClass());
        }
    }

    /** Little-endian output that counts the bytes it wrote (to place the aligned data section). */
    private static final class CountingSink {
        private final OutputStream out;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        long count;

        CountingSink(OutputStream out) {
            this.out = out;
        }

        void u8(int v) throws IOException {
            out.write(v);
            count++;
        }

        void i16(short v) throws IOException {
            scratch.clear();
            scratch.putShort(v);
            out.write(scratch.array(), 0, 2);
            count += 2;
        }

        void i32(int v) throws IOException {
            scratch.clear();
            scratch.putInt(v);
            out.write(scratch.array(), 0, 4);
            count += 4;
        }

        void i64(long v) throws IOException {
            scratch.clear();
            scratch.putLong(v);
            out.write(scratch.array(), 0, 8);
            count += 8;
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            bytes(b);
        }

        void bytes(byte[] b) throws IOException {
            out.write(b);
            count += b.length;
        }

        void pad(long n) throws IOException {
            for (long i = 0; i < n; i++) {
                out.write(0);
            }
            count += n;
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
