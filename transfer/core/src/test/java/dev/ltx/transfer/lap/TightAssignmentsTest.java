package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TightAssignments#repair} gives, bit for bit, what two full passes give (the reference
 * below: every assigned row's minimum read from the whole row, before and after the raises), from
 * real auction states and from states that defeat its windows, on float and double rows.
 */
class TightAssignmentsTest {

    /** The definition: both passes read every assigned row in full. */
    private static int reference(CostRows c, int[] x, int[] y, double[] v, int[] free) {
        int n = c.n;
        for (int i = 0; i < n; i++) {
            int j = x[i];
            if (j >= 0) {
                double slack = c.cost(i, j) - v[j] - c.rowMin(i, v);
                if (slack > 0) {
                    v[j] += slack;
                }
            }
        }
        int numFree = 0;
        for (int i = 0; i < n; i++) {
            int j = x[i];
            if (j >= 0 && c.cost(i, j) - v[j] > c.rowMin(i, v)) {
                x[i] = -1;
                y[j] = -1;
            }
            if (x[i] < 0) {
                free[numFree++] = i;
            }
        }
        return numFree;
    }

    /** Runs both on copies of the state and compares everything. */
    private static void check(String what, CostRows c, int[] x, int[] y, double[] v) {
        check(what, c, x, y, v, null);
    }

    /** As above, the repair reading its windows from the auction's {@code lists} where they hold them. */
    private static void check(String what, CostRows c, int[] x, int[] y, double[] v, CandidateLists lists) {
        int n = c.n;
        double[] range = range(c);
        int[] x1 = x.clone();
        int[] y1 = y.clone();
        double[] v1 = v.clone();
        int[] f1 = new int[n];
        int k1 = reference(c, x1, y1, v1, f1);
        int[] x2 = x.clone();
        int[] y2 = y.clone();
        double[] v2 = v.clone();
        int[] f2 = new int[n];
        int k2 = TightAssignments.repair(c, x2, y2, v2, range[0], range[1], f2, lists);
        assertEquals(k1, k2, what + ": free rows");
        assertArrayEquals(Arrays.copyOf(f1, k1), Arrays.copyOf(f2, k2), what + ": which rows are free");
        assertArrayEquals(x1, x2, what + ": rows to columns");
        assertArrayEquals(y1, y2, what + ": columns to rows");
        for (int j = 0; j < n; j++) {
            assertEquals(Double.doubleToRawLongBits(v1[j]), Double.doubleToRawLongBits(v2[j]), what + ": dual " + j);
        }
    }

    /** The smallest and largest effective cost. */
    private static double[] range(CostRows c) {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < c.n; i++) {
            for (int j = 0; j < c.n; j++) {
                r[0] = Math.min(r[0], c.cost(i, j));
                r[1] = Math.max(r[1], c.cost(i, j));
            }
        }
        return r;
    }

    private static float[] flat(double[][] c) {
        int n = c.length;
        float[] f = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                f[i * n + j] = (float) c[i][j];
            }
        }
        return f;
    }

    @Test
    void auctionStatesOfGradientLikeMatricesMatchTheTwoFullPasses() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : new int[] {37, 300, 517}) {
            for (boolean maximize : new boolean[] {false, true}) {
                double[][] c = LapAuctionTest.gradientLike(rnd, n, 6, 0.2);
                float[] f = flat(c);
                for (CostRows rows : new CostRows[] {CostRows.of(n, f, maximize),
                        CostRows.of(n, c, new int[n], maximize)}) {
                    double[] range = range(rows);
                    for (int skip : new int[] {0, 3}) {
                        double[] v = new double[n];
                        int[] x = new int[n];
                        int[] y = new int[n];
                        CandidateLists lists = AuctionWarmStart.run(n, rows.doubleRows(), rows.offsets(), rows.s,
                                range[0], range[1], v, x, y, skip, rows.floats(), true);
                        String what = "n " + n + (maximize ? " max" : " min") + (rows.floats() != null ? " float" : " double")
                                + " skip " + skip;
                        check(what, rows, x, y, v);
                        check(what + " with the auction's lists", rows, x, y, v, lists);
                    }
                }
            }
        }
    }

    @Test
    void statesThatDefeatTheWindowsMatchTheTwoFullPasses() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int trial = 0; trial < 40; trial++) {
            int n = 2 + rnd.nextInt(trial < 20 ? 40 : 300);
            int kind = trial % 4;
            float[] f = new float[n * n];
            for (int k = 0; k < f.length; k++) {
                f[k] = switch (kind) {
                    case 0 -> rnd.nextInt(3); // ties everywhere: windows beyond their capacity
                    case 1 -> 1e6f + rnd.nextInt(4) * 0.0625f; // range near the rounding: no windows
                    default -> (float) rnd.nextGaussian();
                };
            }
            double[] v = new double[n];
            for (int j = 0; j < n; j++) {
                // kind 2: duals near the optimum's scale; kind 3: large slacks (raises beyond the windows)
                v[j] = kind == 3 ? rnd.nextGaussian() * 10
                        : kind == 1 ? 1e6 + rnd.nextInt(4) * 0.0625 : rnd.nextGaussian() * 0.01;
            }
            int[] x = new int[n];
            int[] y = new int[n];
            Arrays.fill(y, -1);
            int[] perm = Matrices.permutation(rnd, n);
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(5) == 0 ? -1 : perm[i];
                if (x[i] >= 0) {
                    y[x[i]] = i;
                }
            }
            boolean maximize = rnd.nextBoolean();
            check("trial " + trial + " kind " + kind + " n " + n, CostRows.of(n, f, maximize), x, y, v);
        }
    }
}
