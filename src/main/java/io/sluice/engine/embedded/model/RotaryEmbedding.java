package io.sluice.engine.embedded.model;

/**
 * Rotary position embedding (Su et al., RoFormer), computed the way ggml does: the angle of pair {@code i} at
 * position {@code p} is {@code p * scale * base^(-2i/n) / factor[i]}, built by repeated multiplication in float so
 * that the rounding matches llama.cpp's.
 */
final class RotaryEmbedding {

    private final int headDim;
    private final int ropeDims;
    private final RopeStyle style;
    private final float thetaScale;
    private final float positionScale;
    private final float[] factors;
    private float[] cos = new float[0];
    private float[] sin = new float[0];

    RotaryEmbedding(ModelConfig c, float[] factors) {
        this.headDim = c.headDim();
        this.ropeDims = c.ropeDims();
        this.style = c.ropeStyle();
        this.thetaScale = (float) Math.pow(c.ropeBase(), -2.0f / c.ropeDims());
        this.positionScale = c.ropeScale();
        this.factors = factors;
    }

    /** Computes the cos/sin table for the positions of this step. */
    void prepare(int[] positions, int tokens) {
        int half = ropeDims / 2;
        if (cos.length < tokens * half) {
            cos = new float[tokens * half * 2];
            sin = new float[tokens * half * 2];
        }
        for (int t = 0; t < tokens; t++) {
            float theta = positions[t];
            for (int i = 0; i < half; i++) {
                float factor = factors == null ? 1f : factors[i];
                double angle = positionScale * (theta / factor);
                cos[t * half + i] = (float) Math.cos(angle);
                sin[t * half + i] = (float) Math.sin(angle);
                theta *= thetaScale;
            }
        }
    }

    /** Rotates every head of {@code rows} [tokens x heads x headDim] in place. */
    void apply(float[] rows, int tokens, int heads) {
        int half = ropeDims / 2;
        for (int t = 0; t < tokens; t++) {
            int table = t * half;
            for (int h = 0; h < heads; h++) {
                int base = (t * heads + h) * headDim;
                for (int i = 0; i < half; i++) {
                    int a;
                    int b;
                    if (style == RopeStyle.ADJACENT_PAIRS) {
                        a = base + 2 * i;
                        b = a + 1;
                    } else {
                        a = base + i;
                        b = base + i + half;
                    }
                    float x0 = rows[a];
                    float x1 = rows[b];
                    float c = cos[table + i];
                    float s = sin[table + i];
                    rows[a] = x0 * c - x1 * s;
                    rows[b] = x0 * s + x1 * c;
                }
            }
        }
    }
}
