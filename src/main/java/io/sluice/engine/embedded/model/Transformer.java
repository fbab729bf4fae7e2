package io.sluice.engine.embedded.model;

import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kernels.VectorMath;
import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.embedded.kvcache.KvCache;

import java.util.List;

/**
 * The forward pass. One call runs every layer once for a batch of chunks (a prefill chunk or a single decode token
 * per sequence), so each weight matrix is streamed once per step for all of them, and returns the next-token logits
 * of the chunks that ask for them.
 *
 * <p>Keys and values of the new positions are written to the paged {@link KvCache}; the caller must have reserved
 * blocks for them ({@link BlockTable#ensureCapacity}) and must not run two forward passes at once.
 */
public final class Transformer {

    /**
     * Tokens of one sequence to run in this step.
     *
     * @param table      the sequence's KV blocks, already large enough for {@code startPos + tokens.length}
     * @param tokens     token ids at positions {@code startPos, startPos + 1, …}
     * @param startPos   position of the first token (the number of tokens already in the cache)
     * @param wantLogits whether to return the logits after the last token
     */
    public record Chunk(BlockTable table, int[] tokens, int startPos, boolean wantLogits) {
    }

    private final ModelConfig config;
    private final ModelWeights weights;
    private final KvCache cache;
    private final KernelPool pool;
    private final RotaryEmbedding rope;
    private final Attention attention;
    private final Scratch scratch = new Scratch();

    public Transformer(ModelConfig config, ModelWeights weights, KvCache cache, KernelPool pool) {
        if (cache.layers() != config.layers() || cache.kvWidth() != config.kvWidth()) {
            throw new IllegalArgumentException("KV cache shape does not match the model");
        }
        this.config = config;
        this.weights = weights;
        this.cache = cache;
        this.pool = pool;
        this.rope = new RotaryEmbedding(config, weights.ropeFactors());
        this.attention = new Attention(config, cache, pool);
    }

    public ModelConfig config() {
        return config;
    }

    public KvCache cache() {
        return cache;
    }

    /** Runs one step; returns one {@code float[vocabSize]} per chunk with {@code wantLogits}, in chunk order. */
    public float[][] forward(List<Chunk> chunks) {
        ModelConfig c = config;
        int total = 0;
        int outputs = 0;
        for (Chunk chunk : chunks) {
            if (chunk.table().capacity() < chunk.startPos() + chunk.tokens().length) {
                throw new IllegalStateException("KV blocks not reserved for positions up to "
                        + (chunk.startPos() + chunk.tokens().length));
            }
            total += chunk.tokens().length;
            outputs += chunk.wantLogits() ? 1 : 0;
        }
        Scratch s = scratch;
        s.ensure(c, total, outputs);

        // Flatten the batch: token t belongs to chunk seq[t] at position pos[t].
        int t = 0;
        for (int ci = 0; ci < chunks.size(); ci++) {
            Chunk chunk = chunks.get(ci);
            for (int i = 0; i < chunk.tokens().length; i++, t++) {
                int token = chunk.tokens()[i];
                if (token < 0 || token >= c.vocabSize()) {
                    throw new IllegalArgumentException("token id " + token + " outside the vocabulary");
                }
                s.seq[t] = ci;
                s.pos[t] = chunk.startPos() + i;
                weights.tokenEmbedding().row(token, s.x, t * c.dim());
            }
        }
        BlockTable[] tables = new BlockTable[chunks.size()];
        for (int ci = 0; ci < tables.length; ci++) {
            tables[ci] = chunks.get(ci).table();
        }
        rope.prepare(s.pos, total);

        int dim = c.dim();
        int qw = c.queryWidth();
        int kvw = c.kvWidth();
        int ffn = c.ffnDim();
        for (int layer = 0; layer < c.layers(); layer++) {
            LayerWeights lw = weights.layers().get(layer);

            // Attention block: x += Wo · attention(rope(Wq·n), rope(Wk·n), Wv·n), n = rmsnorm(x).
            rmsNormRows(s.xn, s.x, lw.attnNorm(), total, dim);
            lw.wq().multiply(s.xn, total, s.q);                 // q [total x qw]
            lw.wk().multiply(s.xn, total, s.k);                 // k [total x kvw]
            lw.wv().multiply(s.xn, total, s.v);                 // v [total x kvw]
            if (lw.qBias() != null) {
                addRows(s.q, lw.qBias(), total, qw);
            }
            if (lw.kBias() != null) {
                addRows(s.k, lw.kBias(), total, kvw);
            }
            if (lw.vBias() != null) {
                addRows(s.v, lw.vBias(), total, kvw);
            }
            if (lw.qNorm() != null) {
                rmsNormRows(s.q, s.q, lw.qNorm(), total * c.heads(), c.headDim());
                rmsNormRows(s.k, s.k, lw.kNorm(), total * c.kvHeads(), c.headDim());
            }
            rope.apply(s.q, total, c.heads());
            rope.apply(s.k, total, c.kvHeads());
            short[] keys = cache.keys(layer);
            short[] values = cache.values(layer);
            for (int i = 0; i < total; i++) {
                int off = cache.offset(tables[s.seq[i]], s.pos[i]);
                VectorMath.toF16(s.k, i * kvw, keys, off, kvw);
                VectorMath.toF16(s.v, i * kvw, values, off, kvw);
            }
            attention.compute(layer, s.q, s.att, total, s.seq, s.pos, tables);  // att [total x qw]
            lw.wo().multiply(s.att, total, s.tmp);              // tmp [total x dim]
            addInPlace(s.x, s.tmp, total * dim);

            // Feed-forward block: x += Wdown · (silu(Wgate·n) * Wup·n), n = rmsnorm(x).
            rmsNormRows(s.xn, s.x, lw.ffnNorm(), total, dim);
            lw.wGate().multiply(s.xn, total, s.gate);           // gate [total x ffn]
            lw.wUp().multiply(s.xn, total, s.up);               // up [total x ffn]
            swiGlu(s.gate, s.up, total * ffn);
            lw.wDown().multiply(s.gate, total, s.tmp);          // tmp [total x dim]
            addInPlace(s.x, s.tmp, total * dim);
        }

        // Logits for the last position of each chunk that wants them.
        int row = 0;
        t = 0;
        for (Chunk chunk : chunks) {
            t += chunk.tokens().length;
            if (chunk.wantLogits()) {
                VectorMath.rmsNorm(s.outIn, row * dim, s.x, (t - 1) * dim, weights.outputNorm(), dim, c.rmsEps());
                row++;
            }
        }
        float[][] logits = new float[outputs][];
        if (outputs > 0) {
            weights.output().multiply(s.outIn, outputs, s.logits);
            for (int i = 0; i < outputs; i++) {
                logits[i] = java.util.Arrays.copyOfRange(s.logits, i * c.vocabSize(), (i + 1) * c.vocabSize());
            }
        }
        return logits;
    }

    /** The final hidden state (after the output norm) of the last position, for comparison with other engines. */
    public float[] lastHiddenState() {
        return java.util.Arrays.copyOf(scratch.outIn, config.dim());
    }

    private void rmsNormRows(float[] out, float[] in, float[] weight, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            VectorMath.rmsNorm(out, r * width, in, r * width, weight, width, config.rmsEps());
        }
    }

    private static void addRows(float[] m, float[] bias, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            VectorMath.axpy(1f, bias, 0, m, r * width, width);
        }
    }

    private static void addInPlace(float[] y, float[] x, int n) {
        VectorMath.axpy(1f, x, 0, y, 0, n);
    }

    /** gate[i] = silu(gate[i]) * up[i], with silu(g) = g / (1 + e^-g). */
    private static void swiGlu(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    /** Activation buffers reused across steps; they only grow. */
    private static final class Scratch {
        float[] x = new float[0];
        float[] xn = new float[0];
        float[] q = new float[0];
        float[] k = new float[0];
        float[] v = new float[0];
        float[] att = new float[0];
        float[] tmp = new float[0];
        float[] gate = new float[0];
        float[] up = new float[0];
        float[] outIn = new float[0];
        float[] logits = new float[0];
        int[] seq = new int[0];
        int[] pos = new int[0];

        void ensure(ModelConfig c, int tokens, int outputs) {
            if (seq.length < tokens) {
                int n = Math.max(tokens, seq.length * 2);
                x = new float[n * c.dim()];
                xn = new float[n * c.dim()];
                q = new float[n * c.queryWidth()];
                k = new float[n * c.kvWidth()];
                v = new float[n * c.kvWidth()];
                att = new float[n * c.queryWidth()];
                tmp = new float[n * c.dim()];
                gate = new float[n * c.ffnDim()];
                up = new float[n * c.ffnDim()];
                seq = new int[n];
                pos = new int[n];
            }
            if (outIn.length < Math.max(1, outputs) * c.dim()) {
                int n = Math.max(outputs, 1);
                outIn = new float[n * c.dim()];
                logits = new float[n * c.vocabSize()];
            }
        }
    }
}
