package dev.ltx.transfer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

class BandPlotTest {

    @TempDir
    Path dir;

    /** Four methods over T = 10 steps, three seed pairs each, in the layout of the paper's Figure 5. */
    private static Figure figure5Like() {
        String[] names = {"Oracle", "Naive", "GMT", "FGMT"};
        double[] top = {80, 20, 70, 74};
        List<Series> series = new java.util.ArrayList<>();
        for (int m = 0; m < names.length; m++) {
            List<double[]> runs = new java.util.ArrayList<>();
            for (int p = 0; p < 3; p++) {
                double[] v = new double[10];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 10 + (top[m] - 10) * (1 - Math.exp(-0.4 * (i + 1))) + (p - 1) * (1 + 0.3 * i);
                }
                runs.add(v);
            }
            series.add(new Series(names[m], m == 0 ? LineStyle.DASH_DOT : LineStyle.SOLID, runs));
        }
        return new Figure("MNIST 2-MLP", "Transfer step", "Validation accuracy (%)", series);
    }

    @Test
    void writesDecodablePngOfDefaultSizeWithContent() throws IOException {
        Path png = dir.resolve("plots/figure5.png");
        BandPlot.write(figure5Like(), png);
        assertTrue(Files.isRegularFile(png));
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "PNG must decode");
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        assertTrue(lumaVariance(img) > 100, "image looks blank, luma variance " + lumaVariance(img));
        for (int k = 0; k < 4; k++) {
            Color c = BandPlot.colour(k);
            assertTrue(countNear(img, c, 10) > 50, "line colour of series " + k + " missing: " + c);
        }
        assertEquals("true", System.getProperty("java.awt.headless"));
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList(), "no temporary file may be left behind");
        }
    }

    @Test
    void honoursRequestedSizeAndReplacesAnExistingFile() throws IOException {
        Path png = dir.resolve("fig.png");
        Files.writeString(png, "not a png");
        BandPlot.write(figure5Like(), png, 640, 400);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
    }

    @Test
    void bandIsShadedBetweenMeanMinusStdAndMeanPlusStd() {
        // One series, runs 40/60 everywhere: mean 50, sample std sqrt(200) ~ 14.14.
        Series s = new Series("GMT", List.of(new double[] {40, 40, 40, 40, 40}, new double[] {60, 60, 60, 60, 60}));
        XYChart chart = BandPlot.chart(new Figure("band", "x", "y", List.of(s)), 800, 500);
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        int x = (int) Math.round(chart.getScreenXFromChart(2.5));
        Color line = BandPlot.colour(0);
        Color fill = blendOnWhite(line, 56);
        double std = Math.sqrt(200);
        assertNear(fill, pixel(img, x, chart.getScreenYFromChart(50 + std / 2)), 6, "inside band above mean");
        assertNear(fill, pixel(img, x, chart.getScreenYFromChart(50 - std / 2)), 6, "inside band below mean");
        assertNear(line, pixel(img, x, chart.getScreenYFromChart(50)), 40, "mean line");
        // The y axis spans the band plus 5% of its height (1.41) on each side.
        assertNear(Color.WHITE, pixel(img, x, chart.getScreenYFromChart(50 + std + 0.8)), 6, "above the band");
        assertNear(Color.WHITE, pixel(img, x, chart.getScreenYFromChart(50 - std - 0.8)), 6, "below the band");
        int left = (int) Math.round(chart.getScreenXFromChart(0.7));
        assertNear(Color.WHITE, pixel(img, left, chart.getScreenYFromChart(50 + std / 2)), 6, "left of x = 1");
    }

    @Test
    void singleRunDrawsNoBandAndDashDotLeavesGaps() {
        double[] flat = new double[20];
        java.util.Arrays.fill(flat, 50);
        Series solid = new Series("Naive", LineStyle.SOLID, List.of(flat));
        Series dashDot = new Series("Oracle", LineStyle.DASH_DOT, List.of(flat.clone()));
        XYChart a = BandPlot.chart(new Figure("a", "x", "y", List.of(solid)), 800, 500);
        XYChart b = BandPlot.chart(new Figure("b", "x", "y", List.of(dashDot)), 800, 500);
        assertEquals(1, a.getSeriesCollection().size(), "one run has std 0: only the mean line is drawn");
        double solidFrac = lineCoverage(a, BandPlot.colour(0));
        double dashFrac = lineCoverage(b, BandPlot.colour(0));
        assertTrue(solidFrac > 0.95, "solid line coverage " + solidFrac);
        assertTrue(dashFrac < 0.85 && dashFrac > 0.3, "dash-dot line coverage " + dashFrac);
    }

    @Test
    void singlePointSeriesIsDrawnAsMarker() {
        Series one = new Series("GMT", List.of(new double[] {40}, new double[] {60}));
        XYChart chart = BandPlot.chart(new Figure("one step", "x", "y", List.of(one)), 400, 300);
        // Also guards the x tick hint: with too large a hint XChart draws no x labels and its
        // screen-coordinate mapping no longer matches the drawing.
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        // Not counted over the whole image: the legend's line sample has the same colour.
        Color at = pixel(img, (int) Math.round(chart.getScreenXFromChart(1)), chart.getScreenYFromChart(50));
        assertNear(BandPlot.colour(0), at, 10, "marker at (1, 50)");
    }

    @Test
    void rejectsTinySizes() {
        assertThrows(IllegalArgumentException.class, () -> BandPlot.render(figure5Like(), 50, 500));
    }

    /** Fraction of pixels along the mean line (y = 50, x from 2 to 19) that have the line colour. */
    private static double lineCoverage(XYChart chart, Color colour) {
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        int y = (int) Math.round(chart.getScreenYFromChart(50));
        int x0 = (int) Math.round(chart.getScreenXFromChart(2));
        int x1 = (int) Math.round(chart.getScreenXFromChart(19));
        int hit = 0;
        for (int x = x0; x < x1; x++) {
            boolean any = false;
            for (int dy = -1; dy <= 1; dy++) {
                any |= dist(colour, new Color(img.getRGB(x, y + dy))) < 40;
            }
            hit += any ? 1 : 0;
        }
        return hit / (double) (x1 - x0);
    }

    private static Color pixel(BufferedImage img, int x, double y) {
        return new Color(img.getRGB(x, (int) Math.round(y)));
    }

    private static Color blendOnWhite(Color c, int alpha) {
        double a = alpha / 255.0;
        return new Color((int) Math.round(255 * (1 - a) + c.getRed() * a),
                (int) Math.round(255 * (1 - a) + c.getGreen() * a), (int) Math.round(255 * (1 - a) + c.getBlue() * a));
    }

    private static void assertNear(Color expected, Color got, int tol, String where) {
        assertTrue(dist(expected, got) <= tol, where + ": expected " + expected + " got " + got);
    }

    private static int dist(Color a, Color b) {
        return Math.max(Math.abs(a.getRed() - b.getRed()),
                Math.max(Math.abs(a.getGreen() - b.getGreen()), Math.abs(a.getBlue() - b.getBlue())));
    }

    private static int countNear(BufferedImage img, Color c, int tol) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += dist(c, new Color(img.getRGB(x, y))) <= tol ? 1 : 0;
            }
        }
        return n;
    }

    private static double lumaVariance(BufferedImage img) {
        double sum = 0;
        double sq = 0;
        int n = img.getWidth() * img.getHeight();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
                sum += l;
                sq += l * l;
            }
        }
        double m = sum / n;
        return sq / n - m * m;
    }
}
