package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufFormatException;
import io.sluice.engine.embedded.gguf.GgufTensorInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Placeholder loader for F32/F16 only (replaced by the kernels branch). */
public final class WeightMatrices {
    private WeightMatrices() {
    }

    public static WeightMatrix load(GgufFile file, GgufTensorInfo tensor, KernelPool pool) {
        if (tensor.type() != GgmlType.F32 && tensor.type() != GgmlType.F16) {
            throw new GgufFormatException(file.path() + ": tensor '" + tensor.name() + "' has type " + tensor.type()
                    + ", which this engine does not support");
        }
        return of(tensor.type(), file.readAll(tensor), (int) tensor.dim(1), (int) tensor.dim(0), pool);
    }

    public static WeightMatrix of(GgmlType type, byte[] raw, int rows, int cols, KernelPool pool) {
        float[] w = new float[rows * cols];
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w.length; i++) {
            w[i] = type == GgmlType.F32 ? b.getFloat() : Float.float16ToFloat(b.getShort());
        }
        return new WeightMatrix() {
            public int rows() { return rows; }
            public int cols() { return cols; }
            public GgmlType type() { return type; }
            public long residentBytes() { return w.length * 4L; }
            public void multiply(float[] x, int batch, float[] out) {
                for (int bi = 0; bi < batch; bi++) {
                    for (int r = 0; r < rows; r++) {
                        float s = 0;
                        for (int c = 0; c < cols; c++) {
                            float xv = x[bi * cols + c];
                            if (type == GgmlType.F16) {
                                xv = Float.float16ToFloat(Float.floatToFloat16(xv));
                            }
                            s += w[r * cols + c] * xv;
                        }
                        out[bi * rows + r] = s;
                    }
                }
            }
            public void row(int r, float[] dst, int offset) {
                System.arraycopy(w, r * cols, dst, offset, cols);
            }
        };
    }
}
