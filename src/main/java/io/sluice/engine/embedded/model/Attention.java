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
 *
 * <p>One work item is a token and a key/value head with all the query heads that share it: each cached key and
 * value is widened from fp16 once for the group instead of once per query head (with grouped-query attention that
 * was most of the work). Per query head the operations and their order are those of a head on its own.
 */
final class Attention {

    private final ModelConfig config;
    private final KvCache cache;
    private final KernelPool pool;
    private final float scale;
    /** per worker: one row of scores per query head of a group */
    private final float[][][] scores;
    /** per worker: the group's queries, fp16-rounded, head after head */
    private final float[][] query;
    /** per worker: one cached key or value widened to float */
    private final float[][] row;
    /** per worker: each query head's 1 / softmax denominator */
    private final float[][] inverse;

    Attention(ModelConfig config, KvCache cache, KernelPool pool) {
        this.config = config;
        this.cache = cache;
        this.pool = pool;
        this.scale = 1f / (float) Math.sqrt(config.headDim());
        this.scores = new float[pool.threads()][config.groupSize()][0];
        this.query = new float[pool.threads()][config.groupSize() * config.headDim()];
        this.row = new float[pool.threads()][config.headDim()];
        this.inverse = new float[pool.threads()][config.groupSize()];
    }

    /**
     * out[t, h, :] = Σ_j softmax_j(q[t,h]·k[j] * scale) v[j] over the positions j ≤ pos[t] of token t's sequence.
     */
    void compute(int layer, float[] q, float[] out, int tokens, int[] seq, int[] pos, BlockTable[] tables) {
        int kvHeads = config.heads() / config.groupSize();
        int work = tokens * kvHeads;
        int workers = pool.threads();
        // One part per worker (so each has its own scratch), items dealt round-robin: later positions cost more.
        pool.forRange(workers, (from, to) -> {
            for (int worker = from; worker < to; worker++) {
                for (int item = worker; item < work; item += workers) {
                    group(layer, q, out, item / kvHeads, item % kvHeads, pos, seq, tables, worker);
                }
            }
        });
    }

    /** Token {@code t}'s query heads {@code kvHead * G .. kvHead * G + G - 1} against their key/value head. */
    private void group(int layer, float[] q, float[] out, int t, int kvHead, int[] pos, int[] seq,
                       BlockTable[] tables, int worker) {
        int hd = config.headDim();
        int g = config.groupSize();
        int firstHead = kvHead * g;
        int kvOffsetInSlot = kvHead * hd;
        int qOff = (t * config.heads() + firstHead) * hd;
        float[] qs = query[worker];
        System.arraycopy(q, qOff, qs, 0, g * hd);
        VectorMath.roundToF16(qs, 0, g * hd);
        int length = pos[t] + 1;
        float[][] s = scores[worker];
        if (s[0].length < length) {
            int n = Math.max(length, s[0].length * 2);
            for (int h = 0; h < g; h++) {
                s[h] = new float[n];
            }
        }
        float[] r = row[worker];
        BlockTable table = tables[seq[t]];
        short[] keys = cache.keys(layer);
        short[] values = cache.values(layer);
        int blockSize = cache.blockSize();
        int kvw = cache.kvWidth();

        for (int j = 0; j < length; j++) {
            int slot = (table.block(j / blockSize) * blockSize + j % blockSize) * kvw + kvOffsetInSlot;
            VectorMath.fromF16(keys, slot, r, 0, hd);
            for (int h = 0; h < g; h++) {
                s[h][j] = VectorMath.dot(r, 0, qs, h * hd, hd) * scale;
            }
        }
        float[] inv = inverse[worker];
        for (int h = 0; h < g; h++) {
            float[] sh = s[h];
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < length; j++) {
                max = Math.max(max, sh[j]);
            }
            double sum = 0;
            for (int j = 0; j < length; j++) {
                float e = (float) Math.exp(sh[j] - max);
                sh[j] = e;
                sum += e;
            }
            inv[h] = (float) (1.0 / sum);
        }
        java.util.Arrays.fill(out, qOff, qOff + g * hd, 0f);
        for (int j = 0; j < length; j++) {
            int slot = (table.block(j / blockSize) * blockSize + j % blockSize) * kvw + kvOffsetInSlot;
            boolean widened = false;
            for (int h = 0; h < g; h++) {
                float p = Float.float16ToFloat(Float.floatToFloat16(s[h][j] * inv[h]));
                if (p == 0f) {
                    continue;
                }
                if (!widened) {
                    VectorMath.fromF16(values, slot, r, 0, hd);
                    widened = true;
                }
                VectorMath.axpy(p, r, 0, out, qOff + h * hd, hd);
            }
        }
    }
}
