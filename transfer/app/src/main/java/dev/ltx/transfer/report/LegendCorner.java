package dev.ltx.transfer.report;

import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Chooses the inside corner for the legend that hides the least data, in the spirit of
 * matplotlib's {@code loc="best"}: each corner box spans {@value #BOX_W} of the x range and
 * {@value #BOX_H} of the y range; every mean, band edge and midpoint between consecutive means
 * inside a box counts against that corner. Ties go to the earlier corner in the order
 * lower-right, upper-right, upper-left, lower-left (rising accuracy curves usually leave the
 * lower right free).
 */
final class LegendCorner {

    static final double BOX_W = 0.30;
    static final double BOX_H = 0.30;

    private static final List<LegendPosition> ORDER = List.of(
            LegendPosition.InsideSE, LegendPosition.InsideNE, LegendPosition.InsideNW, LegendPosition.InsideSW);

    private LegendCorner() {
    }

    /** The best corner for curves on x in [xMin, xMax], y in [yMin, yMax] (x = i + 1 for index i). */
    static LegendPosition best(Band[] bands, double xMin, double xMax, double yMin, double yMax) {
        LegendPosition best = ORDER.get(0);
        int bestCount = Integer.MAX_VALUE;
        for (LegendPosition corner : ORDER) {
            int count = count(bands, corner, xMin, xMax, yMin, yMax);
            if (count < bestCount) {
                best = corner;
                bestCount = count;
            }
        }
        return best;
    }

    static int count(Band[] bands, LegendPosition corner, double xMin, double xMax, double yMin, double yMax) {
        boolean right = corner == LegendPosition.InsideSE || corner == LegendPosition.InsideNE;
        boolean top = corner == LegendPosition.InsideNE || corner == LegendPosition.InsideNW;
        double xw = BOX_W * (xMax - xMin);
        double yh = BOX_H * (yMax - yMin);
        double x0 = right ? xMax - xw : xMin;
        double y0 = top ? yMax - yh : yMin;
        int n = 0;
        for (Band b : bands) {
            double[] mean = b.mean();
            for (int i = 0; i < mean.length; i++) {
                double x = i + 1;
                n += inside(x, mean[i], x0, xw, y0, yh) + inside(x, b.lower(i), x0, xw, y0, yh)
                        + inside(x, b.upper(i), x0, xw, y0, yh);
                if (i + 1 < mean.length) {
                    n += inside(x + 0.5, 0.5 * (mean[i] + mean[i + 1]), x0, xw, y0, yh);
                }
            }
        }
        return n;
    }

    private static int inside(double x, double y, double x0, double w, double y0, double h) {
        return x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h ? 1 : 0;
    }
}
