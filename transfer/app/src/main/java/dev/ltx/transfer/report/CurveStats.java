package dev.ltx.transfer.report;

import java.util.List;
import java.util.Objects;

/**
 * Mean and sample standard deviation, over a set of values or per x across runs.
 *
 * <p>The standard deviation uses the n−1 divisor (as numpy's {@code std(ddof=1)} in the paper's
 * plot scripts) and is defined as 0 for a single value. Both are computed in two passes (mean,
 * then squared deviations from it) in index order, so results are deterministic and do not
 * suffer the cancellation of the one-pass formula.
 */
public final class CurveStats {

    private CurveStats() {
    }

    /** Arithmetic mean of at least one finite value. */
    public static double mean(double... values) {
        requireNonEmptyFinite(values);
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n−1) of at least one finite value; 0 for one value. */
    public static double sampleStd(double... values) {
        double m = mean(values);
        if (values.length == 1) {
            return 0.0;
        }
        double ss = 0.0;
        for (double v : values) {
            double d = v - m;
            ss += d * d;
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    /**
     * Per-x mean and sample std across runs of equal length: element {@code i} summarizes
     * {@code runs.get(p)[i]} over {@code p}.
     *
     * @throws IllegalArgumentException if there are no runs, a run is empty, lengths differ or a
     *                                  value is not finite
     */
    public static Band band(List<double[]> runs) {
        Objects.requireNonNull(runs, "runs");
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to summarize");
        }
        int n = runs.get(0).length;
        for (int p = 0; p < runs.size(); p++) {
            double[] run = Objects.requireNonNull(runs.get(p), "run");
            if (run.length == 0 || run.length != n) {
                throw new IllegalArgumentException("runs must be non-empty and of equal length: run 0 has " + n
                        + " values, run " + p + " has " + run.length);
            }
        }
        double[] mean = new double[n];
        double[] std = new double[n];
        double[] column = new double[runs.size()];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < column.length; p++) {
                column[p] = runs.get(p)[i];
            }
            mean[i] = mean(column);
            std[i] = sampleStd(column);
        }
        return new Band(mean, std);
    }

    private static void requireNonEmptyFinite(double[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarize");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
            }
        }
    }
}
