package dev.ltx.transfer.report;

import java.util.Objects;

/**
 * Per-x summary of a set of runs: {@code mean[i]} and {@code std[i]} (sample standard deviation,
 * divisor n−1, 0 for a single run) at x = {@code i + 1}. Arrays are copied on construction and
 * on access.
 *
 * @param mean per-x mean
 * @param std  per-x sample standard deviation, same length as {@code mean}
 */
public record Band(double[] mean, double[] std) {

    /** Checks the lengths match and copies the arrays. */
    public Band {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length != std.length) {
            throw new IllegalArgumentException("band mean has " + mean.length + " values but std has "
                    + std.length);
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** Number of x positions. */
    public int length() {
        return mean.length;
    }

    /** {@code mean[i] - std[i]}. */
    public double lower(int i) {
        return mean[i] - std[i];
    }

    /** {@code mean[i] + std[i]}. */
    public double upper(int i) {
        return mean[i] + std[i];
    }

    /** Whether every std is zero (a single run, or identical runs): there is no band to draw. */
    public boolean flat() {
        for (double s : std) {
            if (s != 0.0) {
                return false;
            }
        }
        return true;
    }
}
