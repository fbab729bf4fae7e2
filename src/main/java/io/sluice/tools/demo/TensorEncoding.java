package io.sluice.tools.demo;

import io.sluice.engine.embedded.gguf.GgmlType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float weights to the bytes of a ggml type. */
final class TensorEncoding {

    private TensorEncoding() {
    }

    static byte[] encode(GgmlType type, float[] values) {
        return switch (type) {
            case F32 -> {
                ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(values);
                yield b.array();
            }
            case F16 -> {
                ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : values) {
                    b.putShort(Float.floatToFloat16(v));
                }
                yield b.array();
            }
            case Q8_0 -> q8_0(values);
            default -> throw new IllegalArgumentException("the demo model is not written as " + type);
        };
    }

    /**
     * ggml's reference Q8_0 ({@code quantize_row_q8_0_ref}): per block of 32, scale {@code d = max|x| / 127} stored
     * as F16, then {@code roundf(x / d)} as int8 (the division done as a multiply by the float {@code 1/d}).
     * TODO: delegate to the kernels package's Q8_0.quantize once it is on main.
     */
    private static byte[] q8_0(float[] values) {
        if (values.length % 32 != 0) {
            throw new IllegalArgumentException("Q8_0 needs a multiple of 32 values, got " + values.length);
        }
        ByteBuffer b = ByteBuffer.allocate(values.length / 32 * 34).order(ByteOrder.LITTLE_ENDIAN);
        for (int block = 0; block < values.length; block += 32) {
            float amax = 0;
            for (int i = 0; i < 32; i++) {
                amax = Math.max(amax, Math.abs(values[block + i]));
            }
            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            b.putShort(Float.floatToFloat16(d));
            for (int i = 0; i < 32; i++) {
                float x = values[block + i] * id;
                b.put((byte) Math.copySign(Math.floor(Math.abs((double) x) + 0.5), x)); // C's roundf
            }
        }
        return b.array();
    }
}
