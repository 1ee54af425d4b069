package dev.ltx.transfer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesTest {

    @Test
    void runsOfDifferentLengthsNameTheSeriesAndBothLengths() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Series("GMT", List.of(new double[] {1, 2, 3}, new double[] {1, 2, 3}, new double[] {1, 2})));
        String m = e.getMessage();
        assertTrue(m.contains("'GMT'") && m.contains("run 0 has 3") && m.contains("run 2 has 2"), m);
    }

    @Test
    void emptyOrInvalidSeriesAreRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Series("Naive", List.of()))
                .getMessage().contains("no runs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Series("Naive", List.of(new double[0])))
                .getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Series("Naive", List.of(new double[] {1, Double.POSITIVE_INFINITY})))
                .getMessage().contains("x = 2"));
        assertThrows(IllegalArgumentException.class, () -> new Series(" ", List.of(new double[] {1})));
        List<double[]> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> new Series("a", withNull));
    }

    @Test
    void figureRejectsNoSeriesAndDuplicateLabels() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Figure("t", "x", "y", List.of()))
                .getMessage().contains("no series"));
        Series a = new Series("FGMT", List.of(new double[] {1}));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Figure("t", "x", "y", List.of(a, a)))
                .getMessage().contains("'FGMT'"));
    }

    @Test
    void seriesIsImmutable() {
        double[] run = {1, 2};
        Series s = new Series("Oracle", LineStyle.DASH_DOT, List.of(run));
        run[0] = 99;
        s.runs().get(0)[1] = 99;
        assertArrayEquals(new double[] {1, 2}, s.runs().get(0), 0.0);
    }

    @Test
    void fromFractionsScalesToPercent() {
        Series s = Series.fromFractions("GMT", LineStyle.SOLID, List.of(new double[] {0.25, 0.5}));
        assertArrayEquals(new double[] {25, 50}, s.runs().get(0), 0.0);
    }

    @Test
    void figureSpansTheLongestSeries() {
        Figure f = new Figure("t", "Epoch", "Val acc (%)", List.of(new Series("FGMT", List.of(new double[] {1, 2})),
                new Series("Standard training", List.of(new double[] {1, 2, 3, 4}))));
        assertEquals(4, f.maxLength());
    }
}
