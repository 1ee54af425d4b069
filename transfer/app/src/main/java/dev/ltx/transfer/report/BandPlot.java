package dev.ltx.transfer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders a {@link Figure} to a PNG with XChart, in the style of the paper's Figures 5 and 6: for
 * each series a line through the per-x mean over runs and a translucent band from mean − std to
 * mean + std (sample std, see {@link CurveStats}) in the same colour; x = 1..n with half a step of
 * margin on both sides and integer ticks (from length 2 on); legend in the inside corner that
 * hides the least data ({@link LegendCorner}); a one-point series is drawn as a marker.
 *
 * <p>Rendering is headless: {@code java.awt.headless} is set to {@code true} when this class is
 * initialized, before it touches AWT. Files are written atomically (temp file + rename), so an
 * existing plot is replaced only by a complete one.
 */
public final class BandPlot {

    /** Default width in pixels. */
    public static final int DEFAULT_WIDTH = 800;
    /** Default height in pixels. */
    public static final int DEFAULT_HEIGHT = 500;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Line colours in series order: matplotlib's default "tab10" cycle. */
    private static final int[] PALETTE = {
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf
    };
    /** Opacity of the std bands (0..255). */
    private static final int BAND_ALPHA = 56;
    private static final float LINE_WIDTH = 2.0f;

    private BandPlot() {
    }

    /** Renders at the default 800×500 size and writes a PNG atomically to {@code target}. */
    public static void write(Figure figure, Path target) throws IOException {
        write(figure, target, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /** Renders at {@code width}×{@code height} pixels and writes a PNG atomically to {@code target}. */
    public static void write(Figure figure, Path target, int width, int height) throws IOException {
        BufferedImage image = render(figure, width, height);
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** Renders the figure to an image of {@code width}×{@code height} pixels. */
    public static BufferedImage render(Figure figure, int width, int height) {
        return BitmapEncoder.getBufferedImage(chart(figure, width, height));
    }

    /** The colour of the {@code index}-th series (the palette repeats after 10). */
    static Color colour(int index) {
        return new Color(PALETTE[Math.floorMod(index, PALETTE.length)]);
    }

    /** Builds the XChart chart; package-private for tests. */
    static XYChart chart(Figure figure, int width, int height) {
        Objects.requireNonNull(figure, "figure");
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("plot size must be at least 100x100 pixels, got " + width + "x"
                    + height);
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(figure.title())
                .xAxisTitle(figure.xLabel()).yAxisTitle(figure.yLabel()).build();
        Band[] bands = new Band[figure.series().size()];
        for (int k = 0; k < bands.length; k++) {
            bands[k] = figure.series().get(k).band();
        }
        XYStyler st = chart.getStyler();
        style(st, figure, width);
        setYRange(st, bands);
        st.setLegendPosition(LegendCorner.best(bands, st.getXAxisMin(), st.getXAxisMax(), st.getYAxisMin(),
                st.getYAxisMax()));

        // Bands first, so every mean line is drawn on top of every band.
        for (int k = 0; k < bands.length; k++) {
            Series s = figure.series().get(k);
            if (!bands[k].flat()) {
                addBand(chart, figure, s.label(), bands[k], colour(k));
            }
        }
        for (int k = 0; k < bands.length; k++) {
            Series s = figure.series().get(k);
            addMean(chart, figure, s, bands[k], colour(k));
        }
        return chart;
    }

    private static void style(XYStyler st, Figure figure, int width) {
        int maxLength = figure.maxLength();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotGridLinesColor(new Color(0xdddddd));
        st.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        st.setLegendBorderColor(new Color(0xbbbbbb));
        if (figure.x() == null) {
            st.setXAxisMin(0.5);
            st.setXAxisMax(maxLength + 0.5);
        } else {
            double lo = figure.xAt(0);
            double hi = figure.xAt(maxLength - 1);
            double pad = hi > lo ? 0.02 * (hi - lo) : 0.5;
            st.setXAxisMin(lo - pad);
            st.setXAxisMax(hi + pad);
        }
        // Tick spacing hint in pixels (XChart picks steps 1, 2, 5, 10, ... from it): about the pixels
        // per x step, at least 40, and at most 30% of the width so that a single point still gets
        // labelled ticks (a larger hint leaves the axis unlabelled). Checked for widths 400..1600
        // and lengths 1..100: integer steps from length 2 on (except 1600 px with length 2).
        st.setXAxisTickMarkSpacingHint(Math.max(40, (int) Math.min(0.8 * width / maxLength, 0.3 * width)));
        st.setXAxisDecimalPattern("0.#");
        st.setYAxisDecimalPattern("0.#");
        st.setAntiAlias(true);
    }

    /**
     * The y range is the data's (all bands and means) plus 5% margin on each side, like
     * matplotlib's default; a range of zero height (every value equal) is widened to ±1 (or ±5%
     * of the value if larger) so that XChart still gets a proper axis.
     */
    static void setYRange(XYStyler st, Band[] bands) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Band b : bands) {
            for (int i = 0; i < b.length(); i++) {
                lo = Math.min(lo, b.lower(i));
                hi = Math.max(hi, b.upper(i));
            }
        }
        double pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1.0, 0.05 * Math.abs(hi));
        st.setYAxisMin(lo - pad);
        st.setYAxisMax(hi + pad);
    }

    private static void addBand(XYChart chart, Figure figure, String label, Band band, Color colour) {
        int n = band.length();
        double[] xs = new double[2 * n];
        double[] ys = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xs[i] = figure.xAt(i);
            ys[i] = band.upper(i);
            xs[2 * n - 1 - i] = figure.xAt(i);
            ys[2 * n - 1 - i] = band.lower(i);
        }
        XYSeries s = chart.addSeries(bandName(label), xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), BAND_ALPHA));
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setLineStyle(SeriesLines.NONE);
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
    }

    private static void addMean(XYChart chart, Figure figure, Series series, Band band, Color colour) {
        int n = band.length();
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = figure.xAt(i);
        }
        XYSeries s = chart.addSeries(series.label(), xs, band.mean());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(colour);
        s.setLineStyle(stroke(series.style()));
        s.setMarkerColor(colour);
        // A single point has no segment to draw, so it gets a marker; curves get none.
        s.setMarker(n == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    /** Series names must be unique in XChart; band names cannot clash with labels (validated in Figure). */
    private static String bandName(String label) {
        return "\u0000band:" + label;
    }

    private static BasicStroke stroke(LineStyle style) {
        return switch (style) {
            case SOLID -> new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND);
            case DASH_DOT -> new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {8f, 4f, 2f, 4f}, 0f);
            case DASHED -> new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {7f, 4f}, 0f);
            case DOTTED -> new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {1f, 4f}, 0f);
        };
    }
}
