package dev.ltx.transfer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One method's curve over repeated runs: {@code runs.get(p)[i]} is the value of run {@code p}
 * (one seed pair) at x = {@code i + 1}. Every run has the same length, at least 1, and every
 * value is finite. A plot draws the per-x mean over runs with a band of one sample standard
 * deviation (see {@link CurveStats#band}).
 *
 * <p>Values are plotted as given; accuracies are expected in percent (use
 * {@link #fromFractions} to scale fractions by 100). The record is immutable: the runs are
 * copied on construction and on access.
 *
 * @param label legend label, e.g. {@code "FGMT"}; not blank
 * @param style stroke pattern of the mean line
 * @param runs  one array per run, all of the same non-zero length; at least one run
 */
public record Series(String label, LineStyle style, List<double[]> runs) {

    /** Validates and deep-copies the runs. */
    public Series {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(runs, "runs");
        if (label.isBlank()) {
            throw new IllegalArgumentException("series label must not be blank");
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("series '" + label + "' has no runs");
        }
        runs = copyValidated(label, runs);
    }

    /** Same as the canonical constructor with {@link LineStyle#SOLID}. */
    public Series(String label, List<double[]> runs) {
        this(label, LineStyle.SOLID, runs);
    }

    /**
     * A series whose values are fractions in [0, 1] (as accuracy is usually measured), scaled to
     * percent for plotting.
     */
    public static Series fromFractions(String label, LineStyle style, List<double[]> runs) {
        Objects.requireNonNull(runs, "runs");
        List<double[]> scaled = new ArrayList<>(runs.size());
        for (double[] run : runs) {
            Objects.requireNonNull(run, "run");
            double[] s = new double[run.length];
            for (int i = 0; i < run.length; i++) {
                s[i] = run[i] * 100.0;
            }
            scaled.add(s);
        }
        return new Series(label, style, scaled);
    }

    /** Deep copy of the runs. */
    @Override
    public List<double[]> runs() {
        List<double[]> copy = new ArrayList<>(runs.size());
        for (double[] r : runs) {
            copy.add(r.clone());
        }
        return List.copyOf(copy);
    }

    /** Number of runs (seed pairs). */
    public int runCount() {
        return runs.size();
    }

    /** Number of points per run; x runs over {@code 1..length()}. */
    public int length() {
        return runs.get(0).length;
    }

    /** Value of run {@code run} at x = {@code index + 1}, without copying. */
    public double value(int run, int index) {
        return runs.get(run)[index];
    }

    /** Per-x mean and sample standard deviation over the runs. */
    public Band band() {
        return CurveStats.band(runs);
    }

    private static List<double[]> copyValidated(String label, List<double[]> runs) {
        List<double[]> copy = new ArrayList<>(runs.size());
        int expected = -1;
        for (int p = 0; p < runs.size(); p++) {
            double[] run = runs.get(p);
            if (run == null) {
                throw new IllegalArgumentException("series '" + label + "': run " + p + " is null");
            }
            if (run.length == 0) {
                throw new IllegalArgumentException("series '" + label + "': run " + p + " is empty");
            }
            if (expected < 0) {
                expected = run.length;
            } else if (run.length != expected) {
                throw new IllegalArgumentException("series '" + label + "': runs have different lengths: run 0 has "
                        + expected + " values, run " + p + " has " + run.length);
            }
            for (int i = 0; i < run.length; i++) {
                if (!Double.isFinite(run[i])) {
                    throw new IllegalArgumentException("series '" + label + "': run " + p + " has non-finite value "
                            + run[i] + " at x = " + (i + 1));
                }
            }
            copy.add(run.clone());
        }
        return List.copyOf(copy);
    }
}
