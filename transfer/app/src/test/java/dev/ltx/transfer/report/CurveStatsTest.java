package dev.ltx.transfer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurveStatsTest {

    @Test
    void meanAndSampleStdOfHandExample() {
        // Population std of this classic sample is 2; the sample (n-1) std is sqrt(32/7).
        double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
        assertEquals(5.0, CurveStats.mean(v), 0.0);
        assertEquals(Math.sqrt(32.0 / 7.0), CurveStats.sampleStd(v), 1e-15);
    }

    @Test
    void singleValueHasZeroStd() {
        assertEquals(0.0, CurveStats.sampleStd(42.5), 0.0);
        assertEquals(42.5, CurveStats.mean(42.5), 0.0);
    }

    @Test
    void twoPassStdSurvivesLargeOffset() {
        // Deviations 4, 7, 13, 16 around 10 => sum of squares 90, sample variance 30. A one-pass
        // sum-of-squares formula loses this entirely at an offset of 1e9.
        double o = 1e9;
        assertEquals(Math.sqrt(30.0), CurveStats.sampleStd(o + 4, o + 7, o + 13, o + 16), 1e-6);
    }

    @Test
    void bandIsPerXAcrossRuns() {
        Band b = CurveStats.band(List.of(new double[] {1, 10, 5}, new double[] {3, 10, 6}, new double[] {5, 10, 10}));
        assertArrayEquals(new double[] {3, 10, 7}, b.mean(), 1e-15);
        // x=1: deviations -2,0,2 -> 8/2 = 4 -> 2; x=2: all equal -> 0; x=3: -2,-1,3 -> 14/2 = 7.
        assertArrayEquals(new double[] {2, 0, Math.sqrt(7)}, b.std(), 1e-15);
        assertEquals(1.0, b.lower(0), 1e-15);
        assertEquals(5.0, b.upper(0), 1e-15);
        assertTrue(!b.flat());
    }

    @Test
    void bandOfOneRunIsFlat() {
        Band b = CurveStats.band(List.of(new double[] {0.5, 0.7}));
        assertArrayEquals(new double[] {0.5, 0.7}, b.mean(), 0.0);
        assertArrayEquals(new double[] {0, 0}, b.std(), 0.0);
        assertTrue(b.flat());
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CurveStats.band(List.of(new double[] {1, 2, 3}, new double[] {1, 2})));
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("run 1 has 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CurveStats.band(List.of()));
        assertThrows(IllegalArgumentException.class, () -> CurveStats.band(List.of(new double[0])));
        assertThrows(IllegalArgumentException.class, () -> CurveStats.mean());
        var nan = assertThrows(IllegalArgumentException.class, () -> CurveStats.sampleStd(1, Double.NaN));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    }

    @Test
    void meanStdOfMatchesHelpersAndFormats() {
        MeanStd m = MeanStd.of(70.0, 72.0, 74.0);
        assertEquals(new MeanStd(72.0, 2.0, 3), m);
        assertEquals("72.00 ± 2.00", m.format(2));
        assertEquals("72.0", MeanStd.of(72.0).format(1));
        assertThrows(IllegalArgumentException.class, () -> new MeanStd(1, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> new MeanStd(1, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new MeanStd(Double.NaN, 0, 1));
    }
}
