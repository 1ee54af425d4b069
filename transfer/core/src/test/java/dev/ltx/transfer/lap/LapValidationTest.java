package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** NaN / wrong-signed infinities are rejected; infeasible inputs are reported, never looped on. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LapValidationTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static double[][] filled(int n, int m, double x) {
        double[][] c = new double[n][m];
        for (double[] row : c) {
            Arrays.fill(row, x);
        }
        return c;
    }

    private static void rejected(double[][] c, boolean maximize, int row, int col) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.solve(c, maximize));
        assertTrue(e.getMessage().contains("row " + row + ", column " + col), e.getMessage());
    }

    @Test
    void nanAndNegativeInfinityNameTheEntry() {
        for (int[] shape : new int[][] {{4, 4}, {3, 6}, {6, 3}}) {
            double[][] c = filled(shape[0], shape[1], 1);
            c[2][1] = Double.NaN;
            rejected(c, false, 2, 1);
            rejected(c, true, 2, 1);
            c[2][1] = Double.NEGATIVE_INFINITY;
            rejected(c, false, 2, 1);
            c[2][1] = INF;
            rejected(c, true, 2, 1); // +inf when maximizing is the mirror case
        }
        float[] f = new float[9];
        f[5] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> LinearAssignment.solve(f, 3, 3, false));
    }

    /**
     * Square float inputs take their range from one vectorized pass over the floats when all are
     * finite, else from the per-entry scan: a NaN or wrong infinity anywhere (vector body or tail)
     * is still named, +inf still forbids, and the answers equal those of the widened double input.
     */
    @Test
    void floatSquareInputsAreCheckedAndSolvedAsTheirWidening() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {37, 300}) {
            float[] f = lowRank(n, r);
            double[] d = new double[f.length];
            for (int k = 0; k < f.length; k++) {
                d[k] = f[k];
            }
            double[] pot = new double[n];
            for (boolean maximize : new boolean[] {false, true}) {
                LapResult viaDouble = LinearAssignment.solve(d, n, n, maximize);
                assertArrayEquals(viaDouble.rowToCol(), LinearAssignment.solve(f, n, n, maximize).rowToCol());
                assertArrayEquals(LinearAssignment.solve(d, n, n, maximize, pot).rowToCol(),
                        LinearAssignment.solve(f, n, n, maximize, pot).rowToCol());
            }
            for (int k : new int[] {0, n * n / 2 + 3, n * n - 1}) {
                float kept = f[k];
                for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
                    f[k] = bad;
                    String entry = "row " + k / n + ", column " + k % n;
                    IllegalArgumentException cold = assertThrows(IllegalArgumentException.class,
                            () -> LinearAssignment.solve(f, n, n, false));
                    assertTrue(cold.getMessage().contains(entry), cold.getMessage());
                    IllegalArgumentException warm = assertThrows(IllegalArgumentException.class,
                            () -> LinearAssignment.solve(f, n, n, false, pot));
                    assertTrue(warm.getMessage().contains(entry), warm.getMessage());
                }
                f[k] = Float.POSITIVE_INFINITY; // forbidden when minimizing
                d[k] = INF;
                LapResult forbidden = LinearAssignment.solve(f, n, n, false);
                assertArrayEquals(LinearAssignment.solve(d, n, n, false).rowToCol(), forbidden.rowToCol());
                assertTrue(forbidden.rowToCol()[k / n] != k % n);
                f[k] = kept;
                d[k] = kept;
            }
        }
    }

    /**
     * {@link LinearAssignment#solveFinite}: a NaN or either infinity anywhere, in either direction, cold
     * or warm, is an error naming the first such entry (row-major), where {@code solve} would take the
     * forbidding infinity as a forbidden pair; finite inputs get exactly {@code solve}'s answer.
     */
    @Test
    void solveFiniteRejectsEveryNonFiniteEntryAndOtherwiseEqualsSolve() {
        SplittableRandom r = new SplittableRandom(8);
        for (int n : new int[] {1, 37, 300}) {
            float[] f = lowRank(n, r);
            double[] pot = new double[n];
            for (boolean maximize : new boolean[] {false, true}) {
                assertArrayEquals(LinearAssignment.solve(f, n, n, maximize).rowToCol(),
                        LinearAssignment.solveFinite(f, n, maximize, null).rowToCol());
                LapResult warm = LinearAssignment.solveFinite(f, n, maximize, pot);
                assertArrayEquals(LinearAssignment.solve(f, n, n, maximize, pot).rowToCol(), warm.rowToCol());
                assertArrayEquals(warm.v(), LinearAssignment.solve(f, n, n, maximize, pot).v());
            }
            int[] at = n == 1 ? new int[] {0} : new int[] {0, n * n / 2 + 3, n * n - 1};
            for (int k : at) {
                float[] kept = f.clone();
                for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY}) {
                    f[k] = bad;
                    int first = k;
                    if (k > 0) {
                        int other = k < n * n - 1 ? k + 1 : k - 1;
                        f[other] = Float.NaN; // two bad entries: the earlier is named
                        first = Math.min(k, other);
                    }
                    for (boolean maximize : new boolean[] {false, true}) {
                        for (double[] start : new double[][] {null, pot}) {
                            NonFiniteCostException e = assertThrows(NonFiniteCostException.class,
                                    () -> LinearAssignment.solveFinite(f, n, maximize, start));
                            assertTrue(e.row() == first / n && e.col() == first % n, e.getMessage());
                            assertTrue(e.getMessage().contains("row " + first / n + ", column " + first % n),
                                    e.getMessage());
                        }
                    }
                    System.arraycopy(kept, 0, f, 0, f.length);
                }
            }
        }
    }

    /** A rank-3 n×n float matrix (column minima on few rows: the auction path from n = 256). */
    private static float[] lowRank(int n, SplittableRandom r) {
        double[][] g = new double[n][3];
        double[][] h = new double[n][3];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < 3; q++) {
                g[i][q] = r.nextGaussian();
                h[i][q] = r.nextGaussian();
            }
        }
        float[] f = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                f[i * n + j] = (float) (g[i][0] * h[j][0] + g[i][1] * h[j][1] + g[i][2] * h[j][2]);
            }
        }
        return f;
    }

    @Test
    void rowWithoutFiniteEntry() {
        double[][] c = filled(5, 5, 1);
        Arrays.fill(c[3], INF);
        assertThrows(InfeasibleAssignmentException.class, () -> LinearAssignment.minimize(c));
        double[][] wide = filled(3, 6, 1);
        Arrays.fill(wide[0], INF);
        assertThrows(InfeasibleAssignmentException.class, () -> LinearAssignment.minimize(wide));
        double[][] tall = Matrices.transpose(wide);
        assertThrows(InfeasibleAssignmentException.class, () -> LinearAssignment.minimize(tall));
    }

    @Test
    void columnWithoutFiniteEntry() {
        double[][] c = filled(4, 4, 2);
        for (double[] row : c) {
            row[2] = INF;
        }
        assertThrows(InfeasibleAssignmentException.class, () -> LinearAssignment.minimize(c));
        double[][] neg = filled(4, 4, 2);
        for (double[] row : neg) {
            row[1] = Double.NEGATIVE_INFINITY;
        }
        assertThrows(InfeasibleAssignmentException.class, () -> LinearAssignment.maximize(neg));
    }

    @Test
    void hallViolationNeedsTheShortestPathPhase() {
        // Rows 0..2 can only use columns 0 and 1: every row has finite entries, yet no assignment.
        int n = 6;
        double[][] c = filled(n, n, 1);
        for (int i = 0; i < 3; i++) {
            for (int j = 2; j < n; j++) {
                c[i][j] = INF;
            }
        }
        assertThrows(InfeasibleAssignmentException.class, () -> LinearAssignment.minimize(c));
    }

    @Test
    void randomSparseInfeasibleInputsTerminate() {
        int infeasible = 0;
        for (int seed = 0; seed < 200; seed++) {
            SplittableRandom rnd = new SplittableRandom(70_000 + seed);
            int n = 10 + rnd.nextInt(90);
            double[][] c = Matrices.forbid(rnd, Matrices.integers(rnd, n, n, 3), 0.9, INF);
            try {
                Certificate.check(c, LinearAssignment.minimize(c));
            } catch (InfeasibleAssignmentException e) {
                infeasible++;
            }
        }
        assertTrue(infeasible > 0, "expected some infeasible instances");
    }

    @Test
    void feasibleSparseMatrixIsSolved() {
        // Only the anti-diagonal and one distractor are allowed.
        int n = 40;
        double[][] c = filled(n, n, INF);
        for (int i = 0; i < n; i++) {
            c[i][n - 1 - i] = i;
        }
        c[0][0] = -5;
        LapResult r = LinearAssignment.minimize(c);
        Certificate.check(c, r);
        assertTrue(r.colOf(0) == n - 1, "row 0 must take the anti-diagonal");
    }
}
