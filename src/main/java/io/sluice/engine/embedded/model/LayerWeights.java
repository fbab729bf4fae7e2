package io.sluice.engine.embedded.model;

import io.sluice.engine.embedded.kernels.WeightMatrix;

/**
 * One transformer block's weights. Optional parts are null: biases (required by qwen2, allowed elsewhere) and the
 * per-head q/k norms (qwen3).
 *
 * Shapes: attnNorm [dim]; wq [queryWidth x dim]; wk, wv [kvWidth x dim]; wo [dim x queryWidth];
 * qBias [queryWidth]; kBias, vBias [kvWidth]; qNorm, kNorm [headDim]; ffnNorm [dim]; wGate, wUp [ffnDim x dim];
 * wDown [dim x ffnDim].
 */
public record LayerWeights(float[] attnNorm, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
                           float[] qBias, float[] kBias, float[] vBias, float[] qNorm, float[] kNorm,
                           float[] ffnNorm, WeightMatrix wGate, WeightMatrix wUp, WeightMatrix wDown) {

    long residentBytes() {
        long n = wq.residentBytes() + wk.residentBytes() + wv.residentBytes() + wo.residentBytes()
                + wGate.residentBytes() + wUp.residentBytes() + wDown.residentBytes();
        for (float[] v : new float[][] {attnNorm, qBias, kBias, vBias, qNorm, kNorm, ffnNorm}) {
            n += v == null ? 0 : 4L * v.length;
        }
        return n;
    }
}
