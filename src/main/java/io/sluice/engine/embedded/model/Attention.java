package io.sluice.engine.embedded.model;

import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kernels.VectorMath;
import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.embedded.kvcache.KvCache;

/**
 * Causal grouped-query attention over the paged fp16 cache: each query head attends to positions {@code 0..p} of its
 * own sequence through the key/value head it shares with {@code groupSize - 1} others.
 *
 * <p>Rounding follows llama.cpp's CPU path without flash attention: the query is rounded to fp16 before the
 * {@code q·k} products (ggml multiplies an fp16 cache by an fp16 copy of q), the softmax runs in float with a double
 * sum, and the attention weights are rounded to fp16 before weighting the values.
 */
final class Attention {

    private final ModelConfig config;
    private final KvCache cache;
    private final KernelPool pool;
    private final float scale;
    private final float[][] scores;
    private final float[][] query;

    Attention(ModelConfig config, KvCache cache, KernelPool pool) {
        this.config = config;
        this.cache = cache;
        this.pool = pool;
        this.scale = 1f / (float) Math.sqrt(config.headDim());
        this.scores = new float[pool.threads()][0];
        this.query = new float[pool.threads()][config.headDim()];
    }

    /**
     * out[t, h, :] = Σ_j softmax_j(q[t,h]·k[j] * scale) v[j] over the positions j ≤ pos[t] of token t's sequence.
     */
    void compute(int layer, float[] q, float[] out, int tokens, int[] seq, int[] pos, BlockTable[] tables) {
        int heads = config.heads();
        int work = tokens * heads;
        int workers = pool.threads();
        // One part per worker (so each has its own scratch), items dealt round-robin: later positions cost more.
        pool.forRange(workers, (from, to) -> {
            for (int worker = from; worker < to; worker++) {
                for (int item = worker; item < work; item += workers) {
                    head(layer, q, out, item / heads, item % heads, pos, seq, tables, worker);
                }
            }
        });
    }

    private void head(int layer, float[] q, float[] out, int t, int h, int[] pos, int[] seq, BlockTable[] tables,
                      int worker) {
        int hd = config.headDim();
        int kvOffsetInSlot = (h / config.groupSize()) * hd;
        int qOff = (t * config.heads() + h) * hd;
        float[] qh = query[worker];
        System.arraycopy(q, qOff, qh, 0, hd);
        VectorMath.roundToF16(qh, 0, hd);
        int length = pos[t] + 1;
        if (scores[worker].length < length) {
            scores[worker] = new float[Math.max(length, scores[worker].length * 2)];
        }
        float[] s = scores[worker];
        BlockTable table = tables[seq[t]];
        short[] keys = cache.keys(layer);
        short[] values = cache.values(layer);
        int blockSize = cache.blockSize();
        int kvw = cache.kvWidth();

        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < length; j++) {
            int slot = (table.block(j / blockSize) * blockSize + j % blockSize) * kvw + kvOffsetInSlot;
            float v = VectorMath.dotF16(keys, slot, qh, 0, hd) * scale;
            s[j] = v;
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int j = 0; j < length; j++) {
            float e = (float) Math.exp(s[j] - max);
            s[j] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        java.util.Arrays.fill(out, qOff, qOff + hd, 0f);
        for (int j = 0; j < length; j++) {
            float p = Float.float16ToFloat(Float.floatToFloat16(s[j] * inv));
            if (p == 0f) {
                continue;
            }
            int slot = (table.block(j / blockSize) * blockSize + j % blockSize) * kvw + kvOffsetInSlot;
            VectorMath.axpyF16(p, values, slot, out, qOff, hd);
        }
    }
}
