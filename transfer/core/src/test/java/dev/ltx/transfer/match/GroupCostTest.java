package dev.ltx.transfer.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.DivergenceException;
import org.junit.jupiter.api.Test;

/** A cost matrix read back with NaN or infinite entries is a divergence, counted exactly. */
class GroupCostTest {
    private final Backend b = CpuBackend.create();

    @Test
    void nonFiniteEntriesAnywhereAreCounted() {
        int n = 37; // 1369 entries: vector body and scalar tail
        float[] x = new float[n * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = (k % 11) - 5.5f;
        }
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

    private Tensor tensor(float[] x, int n) {
        return b.fromFloats(x, Shape.of(n, n));
    }
}
