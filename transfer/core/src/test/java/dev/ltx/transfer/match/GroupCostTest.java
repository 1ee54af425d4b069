package dev.ltx.transfer.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.DivergenceException;
import org.junit.jupiter.api.Test;

/** A cost matrix read back (copied or in place) with NaN or infinite entries is a divergence, counted exactly. */
class GroupCostTest {
    private final Backend b = CpuBackend.create();

    @Test
    void nonFiniteEntriesAnywhereAreCounted() {
        int n = 37; // 1369 entries: vector body and scalar tail
        float[] x = ramp(n);
        assertEquals(x[5], GroupCost.of(tensor(x, n), "g").at(5));
        int[][] bad = {{0}, {x.length - 1}, {700, 701, x.length - 2}};
        float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int[] at : bad) {
            float[] y = x.clone();
            for (int q = 0; q < at.length; q++) {
                y[at[q]] = values[q % values.length];
            }
            DivergenceException e = assertThrows(DivergenceException.class, () -> GroupCost.of(tensor(y, n), "g"));
            assertTrue(e.getMessage().contains("has " + at.length + " NaN or infinite entries"), e.getMessage());
            assertTrue(e.getMessage().contains("'g'"), e.getMessage());
        }
    }

    @Test
    void viewReadsTheBackendsArrayInPlaceAndStillChecks() {
        int n = 5;
        float[] x = new float[n * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = k - 12.5f;
        }
        Tensor t = tensor(x, n);
        float[] buffer = new float[n * n];
        GroupCost view = GroupCost.viewOf(t, "g", buffer);
        for (int k = 0; k < x.length; k++) {
            assertEquals(x[k], view.at(k));
        }
        assertSame(b.hostFloatView(t), b.hostFloatView(t)); // the storage itself, no copy
        b.hostFloatView(t)[3] = 99f;
        assertEquals(99f, view.at(3)); // in place: the view sees the tensor's current contents
        assertEquals(0f, buffer[3]); // and the buffer was not used
        float[] y = x.clone();
        y[7] = Float.NaN;
        // a view is checked by its first solve (the solver's own pass over the matrix), or by the first read
        GroupCost solved = GroupCost.viewOf(tensor(y, n), "h", null);
        DivergenceException e = assertThrows(DivergenceException.class, () -> solved.maximize(null));
        assertTrue(e.getMessage().contains("has 1 NaN or infinite entries"), e.getMessage());
        GroupCost read = GroupCost.viewOf(tensor(y, n), "h", null);
        e = assertThrows(DivergenceException.class, () -> read.at(0));
        assertTrue(e.getMessage().contains("has 1 NaN or infinite entries"), e.getMessage());
    }

    /**
     * A view's non-finite entries anywhere (NaN, both infinities, which the solver would otherwise take as
     * forbidden pairs) are counted exactly by its first solve, cold or warm, and never reach a result.
     */
    @Test
    void viewsNonFiniteEntriesAreCountedByTheirFirstSolve() {
        int n = 37;
        float[] x = ramp(n);
        double[] duals = GroupCost.viewOf(tensor(x, n), "g", null).maximize(null).v();
        int[][] bad = {{0}, {x.length - 1}, {700, 701, x.length - 2}, {5, 6}};
        float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int[] at : bad) {
            float[] y = x.clone();
            for (int q = 0; q < at.length; q++) {
                y[at[q]] = values[(q + at[0]) % values.length];
            }
            for (double[] from : new double[][] {null, duals}) {
                GroupCost c = GroupCost.viewOf(tensor(y, n), "g", null);
                DivergenceException e = assertThrows(DivergenceException.class, () -> c.maximize(from));
                assertTrue(e.getMessage().contains("has " + at.length + " NaN or infinite entries"), e.getMessage());
                assertTrue(e.getMessage().contains("'g'"), e.getMessage());
            }
        }
        GroupCost ok = GroupCost.viewOf(tensor(x, n), "g", null);
        assertEquals(java.util.Arrays.toString(GroupCost.of(tensor(x, n), "g").maximize(duals).rowToCol()),
                java.util.Arrays.toString(ok.maximize(duals).rowToCol()), "finite: the same solve as a checked copy");
    }

    @Test
    void finiteEntriesWhoseSumOverflowsAreAccepted() {
        int n = 4;
        float[] x = new float[n * n];
        java.util.Arrays.fill(x, 3e38f); // the float sum overflows; the exact count finds nothing wrong
        assertEquals(3e38f, GroupCost.viewOf(tensor(x, n), "g", null).at(15));
        assertEquals(3e38f, GroupCost.of(tensor(x, n), "g").at(0));
    }

    @Test
    void onlyFloatTensorsHaveAHostView() {
        assertNull(b.hostFloatView(b.fromDoubles(new double[] {1, 2}, Shape.of(2))));
        assertNotNull(b.hostFloatView(b.fromFloats(new float[] {1, 2}, Shape.of(2))));
    }

    /** An n×n matrix of finite values repeating every 11 entries. */
    private static float[] ramp(int n) {
        float[] x = new float[n * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = (k % 11) - 5.5f;
        }
        return x;
    }

    private Tensor tensor(float[] x, int n) {
        return b.fromFloats(x, Shape.of(n, n));
    }
}
