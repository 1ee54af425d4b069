package dev.ltx.transfer.report;

import java.util.Locale;

/**
 * A mean with its sample standard deviation (n−1 divisor) over {@code n} runs.
 *
 * @param mean mean, finite
 * @param std  sample standard deviation, finite and {@code >= 0}; 0 when {@code n == 1}
 * @param n    number of runs, {@code >= 1}
 */
public record MeanStd(double mean, double std, int n) {

    /** Validates the fields. */
    public MeanStd {
        if (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0) {
            throw new IllegalArgumentException("mean and std must be finite and std >= 0, got mean " + mean
                    + ", std " + std);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (n == 1 && std != 0) {
            throw new IllegalArgumentException("a single run has std 0, got " + std);
        }
    }

    /** Mean and sample std of the given runs' values (at least one, all finite). */
    public static MeanStd of(double... values) {
        return new MeanStd(CurveStats.mean(values), CurveStats.sampleStd(values), values.length);
    }

    /**
     * {@code "mean ± std"} with {@code decimals} digits after the point for both, or just the
     * mean for a single run (there is no spread to show).
     */
    public String format(int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must be >= 0, got " + decimals);
        }
        String m = String.format(Locale.ROOT, "%." + decimals + "f", mean);
        if (n == 1) {
            return m;
        }
        return m + " ± " + String.format(Locale.ROOT, "%." + decimals + "f", std);
    }
}
