package io.sluice.engine.embedded.gguf;

import java.util.Arrays;

/**
 * One tensor's description as stored in the GGUF header.
 *
 * @param name       tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param type       element type
 * @param dims       sizes, fastest-varying first (ggml's ne0, ne1, ...): a weight matrix with {@code out} rows of
 *                   {@code in} inputs has {@code dims = {in, out}}
 * @param dataOffset offset of the first byte, relative to the start of the tensor data section
 */
public record GgufTensorInfo(String name, GgmlType type, long[] dims, long dataOffset) {

    public GgufTensorInfo {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code i}, or 1 beyond the rank. */
    public long dim(int i) {
        return i < dims.length ? dims[i] : 1;
    }

    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    public long byteSize() {
        return type.bytesFor(elementCount());
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && type == t.type
                && Arrays.equals(dims, t.dims) && dataOffset == t.dataOffset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dims);
    }
}
