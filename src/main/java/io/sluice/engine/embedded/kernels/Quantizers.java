package io.sluice.engine.embedded.kernels;

import io.sluice.engine.embedded.gguf.GgmlType;

/** Float weights to a ggml type's bytes, through each format's reference quantizer (byte-identical to ggml's). */
public final class Quantizers {

    private Quantizers() {
    }

    /** Encodes {@code values} (row-major, a whole number of blocks) as {@code type}. */
    public static byte[] quantize(GgmlType type, float[] values) {
        return switch (type) {
            case F32 -> F32.quantize(values);
            case F16 -> F16.quantize(values);
            case BF16 -> BF16.quantize(values);
            case Q8_0 -> Q8_0.quantize(values);
            case Q4_0 -> Q4_0.quantize(values);
            case Q4_K -> Q4_K.quantize(values);
            case Q6_K -> Q6_K.quantize(values);
            default -> throw new IllegalArgumentException("no quantizer for " + type);
        };
    }
}
