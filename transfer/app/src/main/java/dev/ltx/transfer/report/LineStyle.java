package dev.ltx.transfer.report;

/**
 * Stroke pattern of a mean line in a {@link BandPlot}. The paper's figures draw the Oracle
 * dash-dot and the other methods solid; the remaining patterns are there for extra series.
 */
public enum LineStyle {
    /** Continuous line. */
    SOLID,
    /** Alternating dashes and dots (the paper's Oracle). */
    DASH_DOT,
    /** Dashes only. */
    DASHED,
    /** Dots only. */
    DOTTED
}
