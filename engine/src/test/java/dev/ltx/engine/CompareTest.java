package dev.ltx.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompareTest {
    @Test
    void toleranceIsAbsolutePlusRelative() {
        assertTrue(Compare.arrays(new double[] {100, 0}, new double[] {100.5, 1e-3}, 1e-3, 1e-2).ok());
        Compare.Result r = Compare.arrays(new double[] {100, 0}, new double[] {102, 0}, 1e-3, 1e-2);
        assertFalse(r.ok());
        assertEquals(1, r.failures());
        assertEquals(0, r.worst());
        assertEquals(2.0, r.maxAbs(), 1e-12);
    }

    @Test
    void nanAndInfinityOnlyMatchThemselves() {
        assertTrue(Compare.arrays(new double[] {Double.NaN, Double.POSITIVE_INFINITY},
                new double[] {Double.NaN, Double.POSITIVE_INFINITY}, 0, 0).ok());
        Compare.Result r = Compare.arrays(new double[] {1, 2}, new double[] {1, Double.NaN}, 1, 1);
        assertFalse(r.ok());
        assertEquals(1, r.worst());
        assertFalse(Compare.arrays(new double[] {Double.POSITIVE_INFINITY}, new double[] {1e300}, 1, 1).ok());
    }

    @Test
    void lengthMismatchThrows() {
        assertThrows(IllegalArgumentException.class, () -> Compare.arrays(new double[2], new double[3], 0, 0));
    }
}
