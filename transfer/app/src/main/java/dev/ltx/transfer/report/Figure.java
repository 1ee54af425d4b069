package dev.ltx.transfer.report;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A plot to render with {@link BandPlot}: a title, axis titles and at least one {@link Series}
 * with distinct labels. Series may have different lengths (e.g. a longer standard-training
 * curve beside the fine-tuning curves); the x axis spans the longest.
 *
 * @param title  chart title
 * @param xLabel x-axis title, e.g. {@code "Transfer step"}
 * @param yLabel y-axis title, e.g. {@code "Validation accuracy (%)"}
 * @param series curves in legend order; not empty, labels distinct
 * @param x      the x value of each index (e.g. interpolation weights), or null for 1, 2, 3, ...
 */
public record Figure(String title, String xLabel, String yLabel, List<Series> series, double[] x) {

    /** Validates and copies the series list. */
    public Figure {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(series, "series");
        if (series.isEmpty()) {
            throw new IllegalArgumentException("figure '" + title + "' has no series");
        }
        Set<String> seen = new HashSet<>();
        for (Series s : series) {
            Objects.requireNonNull(s, "series element");
            if (!seen.add(s.label())) {
                throw new IllegalArgumentException("figure '" + title + "' has two series labelled '"
                        + s.label() + "'");
            }
        }
        series = List.copyOf(series);
        if (x != null) {
            for (Series sr : series) {
                if (sr.length() > x.length) {
                    throw new IllegalArgumentException("figure '" + title + "': series '" + sr.label() + "' has "
                            + sr.length() + " points but only " + x.length + " x values");
                }
            }
            x = x.clone();
        }
    }

    /** A figure over x = 1, 2, 3, ... */
    public Figure(String title, String xLabel, String yLabel, List<Series> series) {
        this(title, xLabel, yLabel, series, null);
    }

    /** The x value of index {@code i} (0-based). */
    public double xAt(int i) {
        return x == null ? i + 1 : x[i];
    }

    /** Length of the longest series: the x axis spans {@code 1..maxLength()}. */
    public int maxLength() {
        int n = 0;
        for (Series s : series) {
            n = Math.max(n, s.length());
        }
        return n;
    }
}
