package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Warm starts ({@link LinearAssignment#solve(double[], int, int, boolean, double[])}): from any
 * column potentials — zero, the cold optimum's own, a nearby matrix's (the intended use), random —
 * the solver reaches the cold solve's optimal total, with a dual certificate, on uniform,
 * tie-heavy, forbidden-entry and low-rank (auction route) matrices, minimizing and maximizing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LapWarmStartTest {

    private static void assertWarmIsOptimal(double[][] c, boolean maximize, double[] start, String what) {
        int n = c.length;
        LapResult cold = LinearAssignment.solve(Matrices.flat(c), n, n, maximize);
        LapResult warm = LinearAssignment.solve(Matrices.flat(c), n, n, maximize, start);
        Certificate.check(c, warm);
        double tol = 1e-9 * (Math.abs(cold.totalCost()) + n);
        assertEquals(cold.totalCost(), warm.totalCost(), tol, what + ": warm total differs from the cold optimum");
    }

    /** The matrix with every entry moved by up to {@code rel} of its magnitude (a "nearby" problem). */
    private static double[][] perturbed(SplittableRandom rnd, double[][] c, double rel) {
        double[][] p = new double[c.length][];
        for (int i = 0; i < c.length; i++) {
            p[i] = c[i].clone();
            for (int j = 0; j < p[i].length; j++) {
                if (Double.isFinite(p[i][j])) {
                    p[i][j] += rel * (2 * rnd.nextDouble() - 1) * (Math.abs(p[i][j]) + 1e-3);
                }
            }
        }
        return p;
    }

    private static void assertFromEveryStart(SplittableRandom rnd, double[][] c, boolean maximize, String what) {
        int n = c.length;
        assertWarmIsOptimal(c, maximize, new double[n], what + ", zero start");
        double[] own = LinearAssignment.solve(Matrices.flat(c), n, n, maximize).v();
        assertWarmIsOptimal(c, maximize, own, what + ", its own optimal duals");
        for (double rel : new double[] {1e-6, 1e-2, 0.3}) {
            double[][] near = perturbed(rnd, c, rel);
            double[] v = LinearAssignment.solve(Matrices.flat(near), n, n, maximize).v();
            assertWarmIsOptimal(c, maximize, v, what + ", duals of a matrix perturbed by " + rel);
        }
        double[] random = new double[n];
        for (int j = 0; j < n; j++) {
            random[j] = 10 * (2 * rnd.nextDouble() - 1);
        }
        assertWarmIsOptimal(c, maximize, random, what + ", random start");
    }

    @Test
    void uniformAndTieHeavyMatrices() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int n : new int[] {1, 2, 3, 7, 40, 150}) {
            for (boolean max : new boolean[] {false, true}) {
                assertFromEveryStart(rnd, Matrices.uniform(rnd, n, n), max, "uniform " + n + " max " + max);
                assertFromEveryStart(rnd, Matrices.integers(rnd, n, n, 3), max, "integers " + n + " max " + max);
            }
        }
    }

    @Test
    void forbiddenEntries() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int n : new int[] {5, 30, 120}) {
            double[][] c = Matrices.forbid(rnd, Matrices.uniform(rnd, n, n), 0.3, Double.POSITIVE_INFINITY);
            for (int i = 0; i < n; i++) {
                c[i][i] = rnd.nextDouble(); // keep a complete assignment
            }
            assertFromEveryStart(rnd, c, false, "forbidden " + n);
            assertFromEveryStart(rnd, Matrices.negate(c), true, "forbidden max " + n);
        }
    }

    @Test
    void lowRankGradientLikeMatricesOnTheAuctionRoute() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[] {64, 300}) {
            double[][] c = LapAuctionTest.gradientLike(rnd, n, 6, 0.2);
            assertFromEveryStart(rnd, c, true, "gradient-like " + n);
            // FGMT's use: A_t = A_{t-1} + one more low-rank term, warm-started from A_{t-1}'s duals
            double[][] next = LapAuctionTest.gradientLike(rnd, n, 6, 0.2);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    next[i][j] = (float) (next[i][j] + c[i][j]);
                }
            }
            double[] v = LinearAssignment.solve(Matrices.flat(c), n, n, true).v();
            assertWarmIsOptimal(next, true, v, "gradient-like running sum " + n);
        }
    }

    @Test
    void aStartFromTheOptimalDualsKeepsTheUniqueOptimum() {
        SplittableRandom rnd = new SplittableRandom(4);
        double[][] c = Matrices.uniform(rnd, 60, 60); // continuous: the optimum is unique
        LapResult cold = LinearAssignment.maximize(c);
        LapResult warm = LinearAssignment.solve(Matrices.flat(c), 60, 60, true, cold.v());
        assertArrayEquals(cold.rowToCol(), warm.rowToCol());
    }

    @Test
    void badStartsAreRejected() {
        double[] c = Matrices.flat(Matrices.uniform(new SplittableRandom(5), 3, 3));
        for (double[] bad : List.of(new double[2], new double[] {0, Double.NaN, 0},
                new double[] {0, 0, Double.POSITIVE_INFINITY})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LinearAssignment.solve(c, 3, 3, false, bad));
            assertTrue(e.getMessage().contains("potential"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.solve(new double[6], 2, 3, false, new double[3]));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        double[] nan = c.clone();
        nan[4] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> LinearAssignment.solve(nan, 3, 3, false, new double[3]));
        assertTrue(e.getMessage().contains("cost[1][1]"), e.getMessage());
        double[] noColumn = {Double.POSITIVE_INFINITY, 1, 2, Double.POSITIVE_INFINITY, 3, 4,
                Double.POSITIVE_INFINITY, 5, 6};
        assertThrows(InfeasibleAssignmentException.class, () -> LinearAssignment.solve(noColumn, 3, 3, false,
                new double[3]));
    }
}
