package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link CostRows#columnMinima}, split over threads, equals the row-by-row fold, lowest row on ties. */
class CostRowsTest {

    @Test
    void columnMinimaEqualTheRowByRowFoldWithTies() {
        SplittableRandom rnd = new SplittableRandom(3);
        int before = RowSplit.maxThreads();
        try {
            for (int threads : new int[] {1, 2, 4}) {
                RowSplit.setMaxThreads(threads);
                for (int n : new int[] {1, 5, 300, 600, 1100}) {
                    for (boolean maximize : new boolean[] {false, true}) {
                        float[] f = new float[n * n];
                        for (int k = 0; k < f.length; k++) {
                            f[k] = n % 2 == 0 ? rnd.nextInt(4) : (float) rnd.nextGaussian(); // ties or none
                        }
                        CostRows c = CostRows.of(n, f, maximize);
                        double[] expectedMin = new double[n];
                        int[] expectedArg = new int[n];
                        Arrays.fill(expectedMin, Double.POSITIVE_INFINITY);
                        Arrays.fill(expectedArg, -1);
                        for (int i = 0; i < n; i++) {
                            c.columnMin(i, expectedMin, expectedArg);
                        }
                        double[] min = new double[n];
                        int[] arg = new int[n];
                        c.columnMinima(min, arg);
                        String what = "threads " + threads + " n " + n + (maximize ? " max" : " min");
                        assertArrayEquals(expectedMin, min, what + ": minima");
                        assertArrayEquals(expectedArg, arg, what + ": rows");
                    }
                }
            }
        } finally {
            RowSplit.setMaxThreads(before);
        }
    }
}
