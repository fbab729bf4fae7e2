package io.sluice.engine.embedded.model;

import io.sluice.engine.embedded.kernels.WeightMatrix;

import java.util.ArrayList;
import java.util.List;

/**
 * A second, deliberately plain implementation of the same architectures for tests: double precision everywhere, no
 * KV cache tricks (keys and values kept as double arrays), RoPE angles computed directly from the formula, weights
 * dequantized row by row. It checks what llama.cpp's binding cannot (qwen3 is newer than the binding's llama.cpp) and
 * gives a rounding-free baseline for the others.
 */
final class ReferenceTransformer {

    private final ModelConfig c;
    private final ModelWeights w;
    private final List<double[][]> keys = new ArrayList<>();   // [layer][position][kvWidth]
    private final List<double[][]> values = new ArrayList<>();
    private int length;
    private double[] lastHidden;

    ReferenceTransformer(ModelConfig config, ModelWeights weights, int maxPositions) {
        this.c = config;
        this.w = weights;
        for (int l = 0; l < c.layers(); l++) {
            keys.add(new double[maxPositions][]);
            values.add(new double[maxPositions][]);
        }
    }

    /** Feeds one token at the next position; returns the logits after it. */
    double[] next(int token) {
        int pos = length++;
        double[] x = row(w.tokenEmbedding(), token);
        for (int l = 0; l < c.layers(); l++) {
            LayerWeights lw = w.layers().get(l);
            double[] n = rmsNorm(x, lw.attnNorm());
            double[] q = add(matVec(lw.wq(), n), lw.qBias());
            double[] k = add(matVec(lw.wk(), n), lw.kBias());
            double[] v = add(matVec(lw.wv(), n), lw.vBias());
            if (lw.qNorm() != null) {
                perHeadNorm(q, lw.qNorm(), c.heads());
                perHeadNorm(k, lw.kNorm(), c.kvHeads());
            }
            rope(q, c.heads(), pos);
            rope(k, c.kvHeads(), pos);
            keys.get(l)[pos] = k;
            values.get(l)[pos] = v;
            double[] att = new double[c.queryWidth()];
            int hd = c.headDim();
            for (int h = 0; h < c.heads(); h++) {
                int kvh = h / c.groupSize();
                double[] s = new double[pos + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= pos; j++) {
                    double dot = 0;
                    for (int i = 0; i < hd; i++) {
                        dot += q[h * hd + i] * keys.get(l)[j][kvh * hd + i];
                    }
                    s[j] = dot / Math.sqrt(hd);
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j <= pos; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j <= pos; j++) {
                    for (int i = 0; i < hd; i++) {
                        att[h * hd + i] += s[j] / sum * values.get(l)[j][kvh * hd + i];
                    }
                }
            }
            x = add(x, matVec(lw.wo(), att));
            double[] m = rmsNorm(x, lw.ffnNorm());
            double[] g = matVec(lw.wGate(), m);
            double[] u = matVec(lw.wUp(), m);
            for (int i = 0; i < g.length; i++) {
                g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
            }
            x = add(x, matVec(lw.wDown(), g));
        }
        lastHidden = rmsNorm(x, w.outputNorm());
        return matVec(w.output(), lastHidden);
    }

    double[] lastHidden() {
        return lastHidden.clone();
    }

    private double[] rmsNorm(double[] x, float[] weight) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double scale = 1 / Math.sqrt(ss / x.length + c.rmsEps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * weight[i];
        }
        return out;
    }

    private void perHeadNorm(double[] v, float[] weight, int heads) {
        int hd = c.headDim();
        for (int h = 0; h < heads; h++) {
            double[] head = java.util.Arrays.copyOfRange(v, h * hd, (h + 1) * hd);
            System.arraycopy(rmsNorm(head, weight), 0, v, h * hd, hd);
        }
    }

    private void rope(double[] v, int heads, int pos) {
        int hd = c.headDim();
        int half = c.ropeDims() / 2;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                double freq = Math.pow(c.ropeBase(), -2.0 * i / c.ropeDims());
                double factor = w.ropeFactors() == null ? 1 : w.ropeFactors()[i];
                double angle = pos * c.ropeScale() * freq / factor;
                int a = c.ropeStyle() == RopeStyle.ADJACENT_PAIRS ? h * hd + 2 * i : h * hd + i;
                int b = c.ropeStyle() == RopeStyle.ADJACENT_PAIRS ? a + 1 : a + half;
                double x0 = v[a];
                double x1 = v[b];
                v[a] = x0 * Math.cos(angle) - x1 * Math.sin(angle);
                v[b] = x0 * Math.sin(angle) + x1 * Math.cos(angle);
            }
        }
    }

    private static double[] row(WeightMatrix m, int r) {
        float[] f = new float[m.cols()];
        m.row(r, f, 0);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static double[] matVec(WeightMatrix m, double[] x) {
        double[] out = new double[m.rows()];
        float[] f = new float[m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            m.row(r, f, 0);
            double s = 0;
            for (int i = 0; i < f.length; i++) {
                s += f[i] * x[i];
            }
            out[r] = s;
        }
        return out;
    }

    private static double[] add(double[] a, float[] b) {
        if (b == null) {
            return a;
        }
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
