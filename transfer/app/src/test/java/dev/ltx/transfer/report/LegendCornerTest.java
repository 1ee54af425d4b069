package dev.ltx.transfer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.style.Styler.LegendPosition;

class LegendCornerTest {

    private static Band line(double... mean) {
        return CurveStats.band(List.of(mean));
    }

    @Test
    void risingCurveLeavesLowerRightFree() {
        Band rising = line(10, 30, 50, 70, 90, 95, 97, 98, 99, 99);
        assertEquals(0, LegendCorner.count(new Band[] {rising}, LegendPosition.InsideSE, 0.5, 10.5, 0, 100));
        assertEquals(LegendPosition.InsideSE, LegendCorner.best(new Band[] {rising}, 0.5, 10.5, 0, 100));
    }

    @Test
    void avoidsACornerThatHoldsData() {
        Band rising = line(10, 30, 50, 70, 90, 95, 97, 98, 99, 99);
        Band lowFlat = line(5, 5, 5, 5, 5, 5, 5, 5, 5, 5); // fills both lower corners
        Band[] both = {rising, lowFlat};
        assertEquals(3 * 3 + 3, LegendCorner.count(both, LegendPosition.InsideSE, 0.5, 10.5, 0, 100),
                "box x in [7.5, 10.5]: mean and both band edges at x = 8, 9, 10 plus midpoints 7.5, 8.5, 9.5");
        assertEquals(LegendPosition.InsideNW, LegendCorner.best(both, 0.5, 10.5, 0, 100));
    }

    @Test
    void fallingCurveGoesUpperRight() {
        Band falling = line(99, 90, 70, 50, 30, 20, 10, 5, 3, 2);
        assertEquals(LegendPosition.InsideNE, LegendCorner.best(new Band[] {falling}, 0.5, 10.5, 0, 100));
    }
}
