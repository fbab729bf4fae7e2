package io.sluice.engine.embedded.sampling;

import io.sluice.engine.spi.SamplingParams;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Picks tokens for one sequence. The transforms run in llama.cpp's order: logit bias, masking of end-of-generation
 * tokens when {@code ignoreEos}, penalties, top-k, top-p, min-p, temperature, then a draw from this sequence's own
 * seeded generator (or the arg-max when the temperature is 0; ties go to the lowest id, as in llama.cpp).
 */
public final class Sampler {

    /**
     * Candidates more than this far below the best logit carry less than e^-30 (about 1e-13) of the probability, so
     * leaving them out of the sort for top-p changes nothing measurable while saving a full-vocabulary sort.
     */
    private static final float NEGLIGIBLE_LOGIT_GAP = 30f;

    private final SamplingParams params;
    private final IntPredicate endOfGeneration;
    private final SplittableRandom random;
    /** Occurrences of each token in the generated output (presence/frequency penalties). */
    private final int[] outputCounts;
    /** Whether each token occurred in prompt or output (repetition penalty). */
    private final boolean[] seen;

    public Sampler(SamplingParams params, int vocabularySize, IntPredicate endOfGeneration, int[] prompt) {
        this.params = params;
        this.endOfGeneration = endOfGeneration;
        this.random = new SplittableRandom(params.seed());
        this.outputCounts = new int[vocabularySize];
        this.seen = new boolean[vocabularySize];
        for (int token : prompt) {
            if (token >= 0 && token < vocabularySize) {
                seen[token] = true;
            }
        }
    }

    /** Records a generated token (after {@link #sample}). */
    public void accept(int token) {
        outputCounts[token]++;
        seen[token] = true;
    }

    /** Chooses the next token. {@code logits} is modified. */
    public int sample(float[] logits) {
        applyBiasAndMasks(logits);
        applyPenalties(logits);
        if (params.greedy()) {
            return argMax(logits);
        }
        boolean truncates = params.topK() > 0 || params.topP() < 1f || params.minP() > 0f;
        return truncates ? sampleTruncated(logits) : sampleFull(logits);
    }

    private void applyBiasAndMasks(float[] logits) {
        for (Map.Entry<Integer, Float> e : params.logitBias().entrySet()) {
            int id = e.getKey();
            if (id >= 0 && id < logits.length) {
                logits[id] += e.getValue();
            }
        }
        if (params.ignoreEos()) {
            for (int i = 0; i < logits.length; i++) {
                if (endOfGeneration.test(i)) {
                    logits[i] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    private void applyPenalties(float[] logits) {
        float repetition = params.repetitionPenalty();
        float presence = params.presencePenalty();
        float frequency = params.frequencyPenalty();
        boolean penalize = repetition != 1f || presence != 0f || frequency != 0f;
        if (!penalize) {
            return;
        }
        for (int i = 0; i < logits.length; i++) {
            if (!seen[i]) {
                continue;
            }
            if (repetition != 1f) {
                logits[i] = logits[i] > 0 ? logits[i] / repetition : logits[i] * repetition;
            }
            int count = outputCounts[i];
            if (count > 0) {
                logits[i] -= frequency * count + presence;
            }
        }
    }

    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Temperature only: one pass over the whole vocabulary in id order. */
    private int sampleFull(float[] logits) {
        float inv = 1f / params.temperature();
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            float p = (float) Math.exp((logits[i] - max) * inv);
            logits[i] = p;
            sum += p;
        }
        double r = random.nextDouble() * sum;
        double acc = 0;
        int last = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > 0) {
                acc += logits[i];
                last = i;
                if (acc > r) {
                    return i;
                }
            }
        }
        return last;
    }

    /** Top-k / top-p / min-p over candidates sorted by logit, then temperature and a draw. */
    private int sampleTruncated(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        // Sort (logit, id) pairs packed in longs: descending logit, then ascending id.
        long[] keys = new long[logits.length];
        int n = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > Float.NEGATIVE_INFINITY && (params.topK() > 0 || logits[i] >= max - NEGLIGIBLE_LOGIT_GAP)) {
                keys[n++] = ((long) sortableDescending(logits[i]) << 32) | i;
            }
        }
        keys = Arrays.copyOf(keys, n);
        Arrays.sort(keys);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (int) keys[i];
        }
        int keep = n;
        if (params.topK() > 0) {
            keep = Math.min(keep, params.topK());
        }
        // Probabilities at temperature 1 decide top-p and min-p (llama.cpp applies temperature after them).
        double[] p = softmax(logits, ids, keep, 1f);
        if (params.topP() < 1f) {
            double cumulative = 0;
            int cut = keep;
            for (int i = 0; i < keep; i++) {
                cumulative += p[i];
                if (cumulative >= params.topP()) {
                    cut = i + 1;
                    break;
                }
            }
            keep = Math.max(1, cut);
        }
        if (params.minP() > 0f) {
            double threshold = p[0] * params.minP();
            int cut = 1;
            while (cut < keep && p[cut] >= threshold) {
                cut++;
            }
            keep = cut;
        }
        double[] q = softmax(logits, ids, keep, params.temperature());
        double r = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < keep; i++) {
            acc += q[i];
            if (acc > r) {
                return ids[i];
            }
        }
        return ids[keep - 1];
    }

    private static double[] softmax(float[] logits, int[] ids, int n, float temperature) {
        double[] p = new double[n];
        double max = logits[ids[0]];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[ids[i]] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Maps a float to an int whose ascending order is the float's descending order. */
    private static int sortableDescending(float f) {
        int bits = Float.floatToIntBits(f);
        int ascending = bits >= 0 ? bits ^ Integer.MIN_VALUE : ~bits;
        return ~ascending ^ Integer.MIN_VALUE;
    }
}
