package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float-row kernels compute exactly what the double kernels compute on the widened rows (every
 * width around the vector lengths, both signs, +inf entries, an offset row), and a square float
 * matrix, now read in place, solves to exactly the result of its widened double copy on every
 * path: cold and warm, the augmenting row reduction below the auction sizes and the auction.
 */
class SapFloatKernelTest {
    private static final int[] WIDTHS = {1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 47, 64, 65, 100, 257};

    private record Row(float[] f, double[] d, int off, double[] v) {
    }

    /** A row at offset {@code off} of a longer array, with ties, +inf (when minimizing) and potentials. */
    private static Row row(SplittableRandom r, int n, double s) {
        int off = 5;
        float[] f = new float[off + n + 3];
        for (int k = 0; k < f.length; k++) {
            f[k] = r.nextInt(4) == 0 ? 0.5f : (float) r.nextGaussian();
            if (s > 0 && r.nextInt(9) == 0) {
                f[k] = Float.POSITIVE_INFINITY;
            }
        }
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            d[k] = f[k];
        }
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            v[j] = r.nextInt(3) == 0 ? 0 : r.nextGaussian();
        }
        return new Row(f, d, off, v);
    }

    @Test
    void everyKernelMatchesTheDoubleKernelOnTheWidenedRow() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : WIDTHS) {
            for (double s : new double[] {1, -1}) {
                for (int rep = 0; rep < 4; rep++) {
                    Row x = row(r, n, s);
                    String label = "n=" + n + " s=" + s + " rep=" + rep;
                    assertEquals(SapKernel.rowMin(x.d, x.off, s, x.v, n), SapFloatKernel.rowMin(x.f, x.off, s, x.v, n),
                            "rowMin " + label);
                    double[] lanes = new double[2 * SapKernel.laneCount()];
                    double[] two = new double[2];
                    double[] twoF = new double[2];
                    SapKernel.twoSmallest(x.d, x.off, s, x.v, n, lanes, two);
                    SapFloatKernel.twoSmallest(x.f, x.off, s, x.v, n, lanes, twoF);
                    assertArrayEquals(two, twoF, "twoSmallest " + label);
                    for (double threshold : new double[] {two[0], two[1], 0.5 - x.v[0], 0}) {
                        int[] cand = new int[n];
                        int[] candF = new int[n];
                        int count = SapKernel.atMost(x.d, x.off, s, x.v, n, threshold, cand);
                        assertEquals(count, SapFloatKernel.atMost(x.f, x.off, s, x.v, n, threshold, candF), label);
                        assertArrayEquals(cand, candF, "atMost " + label);
                        int[] few = new int[2]; // stops when full
                        int[] fewF = new int[2];
                        assertEquals(SapKernel.atMost(x.d, x.off, s, x.v, n, threshold, few),
                                SapFloatKernel.atMost(x.f, x.off, s, x.v, n, threshold, fewF), label);
                        assertArrayEquals(few, fewF, "atMost full " + label);
                    }
                    searchKernelsAgree(r, x, n, s, label);
                }
            }
        }
    }

    /** init, then two relaxations from other rows with scanned (-inf) columns, as a search does. */
    private static void searchKernelsAgree(SplittableRandom r, Row x, int n, double s, String label) {
        double[] w = x.v.clone();
        double[] d = new double[n];
        double[] pred = new double[n];
        double[] dF = new double[n];
        double[] predF = new double[n];
        assertEquals(SapKernel.init(x.d, x.off, s, w, d, pred, 3, n),
                SapFloatKernel.init(x.f, x.off, s, w, dF, predF, 3, n), "init " + label);
        assertArrayEquals(d, dF, "init d " + label);
        assertArrayEquals(pred, predF, "init pred " + label);
        for (int step = 0; step < 2; step++) {
            Row other = row(r, n, s);
            int scanned = r.nextInt(n);
            w[scanned] = Double.NEGATIVE_INFINITY;
            d[scanned] = Double.POSITIVE_INFINITY;
            dF[scanned] = Double.POSITIVE_INFINITY;
            double u1 = r.nextGaussian();
            assertEquals(SapKernel.relax(other.d, other.off, s, w, u1, d, pred, 7 + step, n),
                    SapFloatKernel.relax(other.f, other.off, s, w, u1, dF, predF, 7 + step, n), "relax " + label);
            assertArrayEquals(d, dF, "relax d " + label);
            assertArrayEquals(pred, predF, "relax pred " + label);
        }
    }

    @Test
    void squareFloatMatricesSolveExactlyAsTheirWidening() {
        SplittableRandom r = new SplittableRandom(12);
        for (int n : new int[] {1, 2, 9, 33, 130, 517}) {
            for (int kind = 0; kind < 3; kind++) {
                float[] f = new float[n * n];
                for (int k = 0; k < f.length; k++) {
                    f[k] = switch (kind) {
                        case 0 -> (float) r.nextDouble();
                        case 1 -> r.nextInt(4); // ties everywhere
                        default -> (float) (r.nextGaussian() * (k / n % 3)); // low rank with zero rows
                    };
                }
                if (n > 2) {
                    f[n + 1] = Float.POSITIVE_INFINITY; // forbidden when minimizing
                }
                double[] d = new double[f.length];
                for (int k = 0; k < f.length; k++) {
                    d[k] = f[k];
                }
                LapResult cold = LinearAssignment.solve(f, n, n, false);
                String label = "n=" + n + " kind=" + kind;
                assertEquals(LinearAssignment.solve(d, n, n, false), cold, "cold " + label);
                double[] start = cold.v().clone();
                for (int j = 0; j < n; j++) {
                    start[j] += 0.1 * r.nextGaussian();
                }
                assertEquals(LinearAssignment.solve(d, n, n, false, start), LinearAssignment.solve(f, n, n, false, start),
                        "warm " + label);
                if (n > 2) { // maximizing: no +inf
                    f[n + 1] = 0f;
                    d[n + 1] = 0;
                }
                assertEquals(LinearAssignment.solve(d, n, n, true), LinearAssignment.solve(f, n, n, true), "max " + label);
            }
        }
    }
}
