package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Known optima, structured and badly scaled matrices, layouts, and the public contract. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LapHardCasesTest {

    private static LapResult solveChecked(double[][] c, boolean maximize) {
        LapResult r = LinearAssignment.solve(c, maximize);
        Certificate.check(c, r);
        return r;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    @Test
    void handComputedThreeByThree() {
        double[][] c = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        LapResult r = solveChecked(c, false);
        assertArrayEquals(new int[] {1, 0, 2}, r.rowToCol());
        assertArrayEquals(new int[] {1, 0, 2}, r.colToRow());
        assertEquals(5.0, r.totalCost());
        LapResult max = solveChecked(c, true);
        assertEquals(11.0, max.totalCost()); // 4 + 5 + 2
        assertArrayEquals(new int[] {0, 2, 1}, max.rowToCol());
    }

    @Test
    void constantMatrixGivesIdentity() {
        for (int n : new int[] {1, 2, 3, 7, 64, 301}) {
            double[][] c = new double[n][n];
            for (double[] row : c) {
                java.util.Arrays.fill(row, 3.25);
            }
            assertArrayEquals(identity(n), solveChecked(c, false).rowToCol(), "min n=" + n);
            assertArrayEquals(identity(n), solveChecked(c, true).rowToCol(), "max n=" + n);
        }
    }

    @Test
    void productCosts() {
        for (int n : new int[] {2, 5, 16, 100}) {
            double[][] ij = new double[n][n];
            double[][] shifted = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    ij[i][j] = (double) i * j;
                    shifted[i][j] = (double) (i + 1) * (j + 1);
                }
            }
            // Rearrangement inequality: pairing in opposite order minimizes sum x_i * y_sigma(i).
            double minIj = 0;
            double minShifted = 0;
            double maxShifted = 0;
            for (int i = 0; i < n; i++) {
                minIj += (double) i * (n - 1 - i);
                minShifted += (double) (i + 1) * (n - i);
                maxShifted += (double) (i + 1) * (i + 1);
            }
            assertEquals(minIj, solveChecked(ij, false).totalCost(), "i*j n=" + n);
            assertEquals(minShifted, solveChecked(shifted, false).totalCost(), "(i+1)(j+1) n=" + n);
            LapResult max = solveChecked(shifted, true);
            assertEquals(maxShifted, max.totalCost());
            assertArrayEquals(identity(n), max.rowToCol(), "unique maximizer is the identity");
        }
    }

    @Test
    void hugeEntryIsAvoided() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[][] c = Matrices.uniform(rnd, 50, 50);
        c[7][0] = 1e300;
        LapResult r = solveChecked(c, false);
        assertEquals(Hungarian.minimumCost(withoutHuge(c)), r.totalCost(), 1e-12);
        double[][] one = {{1e300}};
        assertEquals(1e300, solveChecked(one, false).totalCost());
    }

    private static double[][] withoutHuge(double[][] c) {
        double[][] r = new double[c.length][];
        for (int i = 0; i < c.length; i++) {
            r[i] = c[i].clone();
            for (int j = 0; j < r[i].length; j++) {
                if (r[i][j] > 1e100) {
                    r[i][j] = 1e6; // large enough for these [0,1) costs
                }
            }
        }
        return r;
    }

    @Test
    void extremeScales() {
        for (double scale : new double[] {1e9, 1e-9, 1e15, 1e-200}) {
            SplittableRandom rnd = new SplittableRandom(11);
            double[][] base = Matrices.uniform(rnd, 120, 120);
            double[][] c = new double[120][120];
            for (int i = 0; i < 120; i++) {
                for (int j = 0; j < 120; j++) {
                    c[i][j] = base[i][j] * scale + (scale >= 1 ? scale : 0);
                }
            }
            LapResult r = solveChecked(c, false);
            assertArrayEquals(solveChecked(base, false).rowToCol(), r.rowToCol(),
                    "scale " + scale);
        }
    }

    @Test
    void maximizeEqualsMinimizingTheNegation() {
        for (int seed = 0; seed < 50; seed++) {
            SplittableRandom rnd = new SplittableRandom(50_000 + seed);
            int n = 1 + rnd.nextInt(80);
            int m = 1 + rnd.nextInt(80);
            double[][] c = seed % 2 == 0 ? Matrices.uniform(rnd, n, m)
                    : Matrices.integers(rnd, n, m, 4);
            LapResult max = solveChecked(c, true);
            LapResult min = solveChecked(Matrices.negate(c), false);
            assertArrayEquals(min.rowToCol(), max.rowToCol(), "seed " + seed);
            assertEquals(-min.totalCost(), max.totalCost(), 0.0);
        }
    }

    @Test
    void layoutsAgree() {
        for (int seed = 0; seed < 30; seed++) {
            SplittableRandom rnd = new SplittableRandom(60_000 + seed);
            int n = 1 + rnd.nextInt(40);
            int m = 1 + rnd.nextInt(40);
            double[][] c = Matrices.integers(rnd, n, m, 50);
            boolean max = rnd.nextBoolean();
            LapResult ref = solveChecked(c, max);
            assertEquals(ref, LinearAssignment.solve(Matrices.flat(c), n, m, max), "flat");
            float[] f = new float[n * m];
            double[] flat = Matrices.flat(c);
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) flat[k];
            }
            assertEquals(ref, LinearAssignment.solve(f, n, m, max), "float");
            LapResult t = solveChecked(Matrices.transpose(c), max);
            assertEquals(ref.totalCost(), t.totalCost(), 1e-9, "transpose");
        }
    }

    @Test
    void rectangularLeavesOutTheLargerSide() {
        double[][] wide = {{5, 1, 9, 4}, {2, 8, 3, 1}};
        LapResult r = solveChecked(wide, false);
        assertArrayEquals(new int[] {1, 3}, r.rowToCol());
        assertArrayEquals(new int[] {-1, 0, -1, 1}, r.colToRow());
        assertEquals(2.0, r.totalCost());
        LapResult tall = solveChecked(Matrices.transpose(wide), false);
        assertArrayEquals(new int[] {-1, 0, -1, 1}, tall.rowToCol());
        assertArrayEquals(new int[] {1, 3}, tall.colToRow());
    }

    @Test
    void emptyMatrices() {
        LapResult r = solveChecked(new double[0][], false);
        assertEquals(0, r.rows());
        assertEquals(0.0, r.totalCost());
        LapResult e = LinearAssignment.solve(new double[0], 3, 0, false);
        Certificate.check(new double[3][0], e);
        assertArrayEquals(new int[] {-1, -1, -1}, e.rowToCol());
    }

    @Test
    void resultIsImmutable() {
        LapResult r = solveChecked(new double[][] {{1, 2}, {3, 1}}, false);
        r.rowToCol()[0] = 9;
        r.u()[0] = 99;
        assertEquals(0, r.colOf(0));
        assertEquals(r, LinearAssignment.minimize(new double[][] {{1, 2}, {3, 1}}));
    }

    @Test
    void badShapesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.solve(new double[5], 2, 3, false));
        assertEquals(true, e.getMessage().contains("5") && e.getMessage().contains("[2, 3]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.minimize(new double[][] {{1, 2}, {3}}));
        assertEquals(true, e.getMessage().contains("row 1"), e.getMessage());
    }
}
