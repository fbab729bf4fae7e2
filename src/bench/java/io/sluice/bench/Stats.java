package io.sluice.bench;

import java.util.Arrays;
import java.util.List;

/** Medians, spreads and percentiles of benchmark samples. */
final class Stats {

    private Stats() {
    }

    static double median(double[] xs) {
        return percentile(xs, 50);
    }

    /** Nearest-rank percentile ({@code p} in 0..100); NaN for no samples. */
    static double percentile(double[] xs, double p) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double[] s = xs.clone();
        Arrays.sort(s);
        if (p >= 100) {
            return s[s.length - 1];
        }
        // linear interpolation between closest ranks
        double rank = p / 100 * (s.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (rank - lo);
    }

    static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }

    static double[] of(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** "median (min-max)" with {@code digits} decimals. */
    static String spread(double[] xs, int digits) {
        String f = "%." + digits + "f";
        return String.format(f + " (" + f + "-" + f + ")", median(xs), min(xs), max(xs));
    }
}
