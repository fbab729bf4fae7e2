package io.sluice.engine.embedded.sampling;

import io.sluice.engine.spi.SamplingParams;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {

    private static final int[] NO_PROMPT = new int[0];

    private static SamplingParams params(float temperature, int topK, float topP, float minP) {
        return new SamplingParams(temperature, topK, topP, minP, 0f, 0f, 1f, Map.of(), 42L, false);
    }

    private static float[] logits() {
        return new float[] {1f, 4f, 3f, 0f, 3.9f, -2f};
    }

    @Test
    void greedyTakesTheArgMaxAndTiesGoToTheLowestId() {
        Sampler s = new Sampler(SamplingParams.GREEDY, 6, id -> false, NO_PROMPT);
        assertEquals(1, s.sample(logits()));
        assertEquals(2, new Sampler(SamplingParams.GREEDY, 4, id -> false, NO_PROMPT).sample(new float[] {0, 1, 5, 5}));
    }

    @Test
    void logitBiasAndIgnoreEosMaskEveryEndOfGenerationToken() {
        SamplingParams biased = new SamplingParams(0f, 0, 1f, 0f, 0f, 0f, 1f, Map.of(5, 10f), 0L, false);
        assertEquals(5, new Sampler(biased, 6, id -> false, NO_PROMPT).sample(logits()));
        SamplingParams ignoreEos = SamplingParams.GREEDY.withIgnoreEos(true);
        // Tokens 1 and 4 are both end-of-generation tokens: both are masked, not only one of them.
        assertEquals(2, new Sampler(ignoreEos, 6, id -> id == 1 || id == 4, NO_PROMPT).sample(logits()));
    }

    @Test
    void penaltiesFollowOpenAiAndCtrlSemantics() {
        SamplingParams presence = new SamplingParams(0f, 0, 1f, 0f, 2f, 0f, 1f, Map.of(), 0L, false);
        Sampler s = new Sampler(presence, 6, id -> false, NO_PROMPT);
        s.accept(1);
        assertEquals(4, s.sample(logits()), "4 - 2 < 3.9: the generated token is penalised once");
        SamplingParams frequency = new SamplingParams(0f, 0, 1f, 0f, 0f, 0.06f, 1f, Map.of(), 0L, false);
        Sampler f = new Sampler(frequency, 6, id -> false, NO_PROMPT);
        f.accept(1);
        assertEquals(1, f.sample(logits()), "one occurrence: 4 - 0.06 > 3.9");
        f.accept(1);
        assertEquals(4, f.sample(logits()), "two occurrences: 4 - 0.12 < 3.9");
        SamplingParams repetition = new SamplingParams(0f, 0, 1f, 0f, 0f, 0f, 2f, Map.of(), 0L, false);
        // The prompt counts for the repetition penalty: 4 / 2 = 2 < 3.9.
        assertEquals(4, new Sampler(repetition, 6, id -> false, new int[] {1}).sample(logits()));
    }

    @Test
    void truncationKeepsOnlyTheAllowedTokens() {
        Map<Integer, Integer> topK = draws(params(1f, 2, 1f, 0f), 2000);
        assertEquals(Map.of(1, true, 4, true), keysPresent(topK), "top-k 2 keeps ids 1 and 4");
        Map<Integer, Integer> minP = draws(params(1f, 0, 1f, 0.5f), 2000);
        // p(x) >= 0.5 p(max) <=> logit >= 4 - ln 2 = 3.31: ids 1 and 4 only.
        assertEquals(Map.of(1, true, 4, true), keysPresent(minP));
        Map<Integer, Integer> topP = draws(params(1f, 0, 0.5f, 0f), 2000);
        // p(1) = 0.41, p(4) = 0.37: the nucleus of mass 0.5 holds those two.
        assertEquals(Map.of(1, true, 4, true), keysPresent(topP));
    }

    @Test
    void temperatureSamplingFollowsTheSoftmax() {
        Map<Integer, Integer> counts = draws(params(1f, 0, 1f, 0f), 20000);
        double z = 0;
        for (float l : logits()) {
            z += Math.exp(l);
        }
        for (int id = 0; id < 6; id++) {
            double expected = Math.exp(logits()[id]) / z;
            double observed = counts.getOrDefault(id, 0) / 20000.0;
            assertEquals(expected, observed, 0.015, "token " + id);
        }
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedOthers() {
        SamplingParams p = params(1.5f, 0, 1f, 0f);
        int[] a = sequence(p, 50);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(sequence(p, 50)));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(sequence(p.withSeed(43), 50)));
    }

    private static int[] sequence(SamplingParams p, int n) {
        Sampler s = new Sampler(p, 6, id -> false, NO_PROMPT);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.sample(logits());
        }
        return out;
    }

    private static Map<Integer, Integer> draws(SamplingParams p, int n) {
        Sampler s = new Sampler(p, 6, id -> false, NO_PROMPT);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(s.sample(logits()), 1, Integer::sum);
        }
        assertTrue(counts.values().stream().mapToInt(Integer::intValue).sum() == n);
        return counts;
    }

    private static Map<Integer, Boolean> keysPresent(Map<Integer, Integer> counts) {
        Map<Integer, Boolean> m = new HashMap<>();
        counts.keySet().forEach(k -> m.put(k, true));
        return m;
    }
}
