package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The auction warm start ({@link AuctionWarmStart}) on the matrices it exists for: low-rank
 * inner products {@code <a_i, b_j>} with exactly-zero rows and columns (weight matching on
 * gradients with dead ReLU units). Optimality is checked against brute force and the Hungarian
 * method, and every result carries a dual certificate.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LapAuctionTest {

    /**
     * {@code c[i][j] = <a_i, b_j>} with rank {@code r} Gaussian factors rounded to float (as a
     * float GEMM gives), rows in a {@code dead} fraction and columns in another such fraction zero.
     */
    static double[][] gradientLike(SplittableRandom rnd, int n, int r, double dead) {
        double[][] a = Matrices.gaussian(rnd, n, r);
        double[][] b = Matrices.gaussian(rnd, n, r);
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < dead) {
                a[i] = new double[r];
            }
            if (rnd.nextDouble() < dead) {
                b[i] = new double[r];
            }
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int k = 0; k < r; k++) {
                    acc += a[i][k] * b[j][k];
                }
                c[i][j] = (float) acc;
            }
        }
        return c;
    }

    /**
     * Whether the solver takes the auction route for {@code c} (minimization form) by its
     * documented rule at {@code n < 2048}: the column minima (lowest row on ties) fall on fewer
     * than half of the rows, so the column reduction leaves more than half free.
     */
    static boolean auctionRoute(double[][] c, boolean maximize) {
        int n = c.length;
        double s = maximize ? -1 : 1;
        boolean[] hit = new boolean[n];
        int rowsHit = 0;
        for (int j = 0; j < n; j++) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (s * c[i][j] < s * c[best][j]) {
                    best = i;
                }
            }
            if (!hit[best]) {
                hit[best] = true;
                rowsHit++;
            }
        }
        return n - rowsHit > n / 2;
    }

    private static void agreeWithHungarian(double[][] c, String label) {
        LapResult r = LinearAssignment.maximize(c);
        Certificate.check(c, r);
        double ref = -Hungarian.minimumCost(Matrices.negate(c));
        assertEquals(ref, r.totalCost(), 1e-9 * (1 + Math.abs(ref)), label);
    }

    @Test
    void smallLowRankWithZeroRowsAndColumnsMatchBruteForce() {
        int routed = 0;
        for (int seed = 0; seed < 400; seed++) {
            SplittableRandom rnd = new SplittableRandom(90_000 + seed);
            int n = 2 + rnd.nextInt(7);
            double[][] c = gradientLike(rnd, n, 1 + rnd.nextInt(3), seed % 2 == 0 ? 0.3 : 0);
            boolean maximize = seed % 3 != 0;
            routed += auctionRoute(c, maximize) ? 1 : 0;
            LapResult r = LinearAssignment.solve(c, maximize);
            Certificate.check(c, r);
            double best = Exhaustive.optimum(c, maximize);
            assertEquals(best, r.totalCost(), 1e-9 * (1 + Math.abs(best)), n + "x" + n + " seed " + seed);
        }
        assertTrue(routed > 100, "only " + routed + " of 400 fixtures take the auction route");
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 200, 384})
    void gradientLikeMatricesMatchHungarian(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        for (double dead : new double[] {0, 0.2, 0.6}) {
            for (int r : new int[] {1, 4, 40}) {
                double[][] c = gradientLike(rnd, n, r, dead);
                assertTrue(auctionRoute(c, true) || r == 40, "fixture should take the auction route");
                agreeWithHungarian(c, n + " rank " + r + " dead " + dead);
            }
        }
    }

    @Test
    void differencesBelowFloatResolutionAreStillExact() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 150;
        double[][] c = gradientLike(rnd, n, 2, 0.1);
        for (double[] row : c) {
            for (int j = 0; j < n; j++) {
                row[j] = 1000 + row[j] + 1e-9 * rnd.nextDouble(); // lost in the auction's float copy
            }
        }
        assertTrue(auctionRoute(c, true));
        agreeWithHungarian(c, "sub-float noise");
    }

    @Test
    void wideMatrixAtAuctionSizeMatchesHungarian() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[][] c = Matrices.uniform(rnd, 24, 2100); // padded with 2076 identical zero rows
        LapResult r = LinearAssignment.minimize(c);
        Certificate.check(c, r);
        double ref = Hungarian.minimumCost(c);
        assertEquals(ref, r.totalCost(), 1e-9 * (1 + ref));
    }

    @Test
    void largeGradientLikeMatrixIsCertifiedAndDeterministic() {
        SplittableRandom rnd = new SplittableRandom(2048);
        int n = 2048;
        double[][] c = gradientLike(rnd, n, 24, 0.15);
        LapResult r = LinearAssignment.maximize(c);
        Certificate.check(c, r);
        assertEquals(r, LinearAssignment.maximize(c), "same input, same result");
        float[] f = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                f[i * n + j] = (float) c[i][j];
            }
        }
        assertEquals(r, LinearAssignment.solve(f, n, n, true), "float layout, same result");
        // warm starts (the auction route at this size) read the float source the same way
        double[] start = r.v().clone();
        for (int j = 0; j < n; j++) {
            start[j] += 0.05 * rnd.nextGaussian();
        }
        double[] widened = new double[n * n];
        for (int k = 0; k < widened.length; k++) {
            widened[k] = f[k];
        }
        LapResult warm = LinearAssignment.solve(f, n, n, true, start);
        Certificate.check(c, warm);
        assertEquals(LinearAssignment.solve(widened, n, n, true, start), warm, "float warm start, same result");
    }

    @Test
    void bidKernelMatchesScalarScanIncludingTies() {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] out = new float[2];
        for (int t = 0; t < 500; t++) {
            int range = t % 2 == 0 ? 4 : 1000;
            Row row = Row.random(rnd, () -> rnd.nextInt(range), () -> rnd.nextInt(3));
            int n = row.n();
            int off = row.off();
            float[] c = row.c();
            float[] p = row.p();
            int best = 0;
            float second = Float.POSITIVE_INFINITY;
            for (int j = 1; j < n; j++) {
                float h = c[off + j] - p[j];
                float hb = c[off + best] - p[best];
                if (h < hb) {
                    second = hb;
                    best = j;
                } else {
                    second = Math.min(second, h);
                }
            }
            float[] negated = negated(c);
            float[] outNeg = new float[2];
            String label = "n " + n + " trial " + t;
            assertEquals(AuctionKernel.bid(c, 1f, off, p, n, out), AuctionKernel.bid(negated, -1f, off, p, n, outNeg), label);
            assertEquals(out[0], outNeg[0], label);
            assertEquals(out[1], outNeg[1], label);
            int got = AuctionKernel.bid(c, 1f, off, p, n, out);
            assertEquals(best, got, label);
            assertEquals(c[off + best] - p[best], out[0], label);
            assertEquals(second, out[1], label);
        }
    }

    /** Rows long enough for the eight-vector steps of {@link AuctionKernel#rowMin}, with their tails. */
    @Test
    void rowMinMatchesAScalarScanOnLongRows() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (int n : new int[] {127, 128, 129, 255, 256, 300, 4096}) {
            for (int t = 0; t < 6; t++) {
                int off = rnd.nextInt(5);
                float[] c = new float[off + n];
                float[] p = new float[n];
                for (int j = 0; j < n; j++) {
                    c[off + j] = t % 2 == 0 ? rnd.nextInt(4) : (float) rnd.nextGaussian();
                    p[j] = t % 2 == 0 ? rnd.nextInt(3) : (float) rnd.nextGaussian();
                }
                c[off + rnd.nextInt(n)] = -50f; // the minimum anywhere: a step, a vector tail or the scalar tail
                float min = Float.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    min = Math.min(min, c[off + j] - p[j]);
                }
                assertEquals(min, AuctionKernel.rowMin(c, 1f, off, p, n), "n " + n + " trial " + t);
                assertEquals(min, AuctionKernel.rowMin(negated(c), -1f, off, p, n), "n " + n + " trial " + t);
            }
        }
    }

    @Test
    void rowMinAndCollectBelowMatchScalarScans() {
        SplittableRandom rnd = new SplittableRandom(5);
        int[] got = new int[80];
        for (int t = 0; t < 500; t++) {
            boolean ties = t % 2 == 0;
            Row row = Row.random(rnd, () -> ties ? rnd.nextInt(4) : rnd.nextDouble(),
                    () -> ties ? rnd.nextInt(3) : rnd.nextDouble());
            int n = row.n();
            int off = row.off();
            float[] c = row.c();
            float[] p = row.p();
            float min = Float.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                min = Math.min(min, c[off + j] - p[j]);
            }
            String label = "n " + n + " trial " + t;
            assertEquals(min, AuctionKernel.rowMin(c, 1f, off, p, n), label);
            assertEquals(min, AuctionKernel.rowMin(negated(c), -1f, off, p, n), label);
            float thr = min + (float) rnd.nextDouble();
            int cap = 1 + rnd.nextInt(n + 1);
            int[] expected = new int[n];
            int count = 0;
            for (int j = 0; j < n; j++) {
                if (c[off + j] - p[j] < thr) {
                    expected[count++] = j;
                }
            }
            int k = AuctionKernel.collectBelow(c, 1f, off, p, n, thr, got, 3, cap);
            int[] gotNeg = new int[got.length];
            assertEquals(k, AuctionKernel.collectBelow(negated(c), -1f, off, p, n, thr, gotNeg, 3, cap), label);
            for (int q = 0; q < (k <= cap ? k : 0); q++) { // over the cap, what was written is unspecified
                assertEquals(got[3 + q], gotNeg[3 + q], label);
            }
            if (count > cap) {
                assertEquals(cap + 1, k, label);
            } else {
                assertEquals(count, k, label);
                for (int q = 0; q < count; q++) {
                    assertEquals(expected[q], got[3 + q], label);
                }
            }
        }
    }

    @Test
    void collectBelowFindsSparseHitsAnywhereInLongRows() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++) {
            int n = 100 + rnd.nextInt(4000);
            int off = rnd.nextInt(5);
            float[] c = new float[off + n];
            float[] p = new float[n];
            int[] expected = new int[n];
            int count = 0;
            for (int j = 0; j < n; j++) { // 0, 1, 2 or more hits per vector, in any lane
                boolean hit = rnd.nextInt(trial % 3 == 0 ? 40 : 8) == 0;
                c[off + j] = hit ? 0.5f * (float) rnd.nextDouble() : 1f + (float) rnd.nextDouble();
                p[j] = (float) rnd.nextDouble() * 0.25f;
                if (c[off + j] - p[j] < 0.75f) {
                    expected[count++] = j;
                }
            }
            String label = "n " + n + " trial " + trial + " hits " + count;
            int[] got = new int[n + 2];
            assertEquals(count, AuctionKernel.collectBelow(c, 1f, off, p, n, 0.75f, got, 2, n), label);
            for (int q = 0; q < count; q++) {
                assertEquals(expected[q], got[2 + q], label);
            }
            if (count > 0) {
                assertEquals(count, AuctionKernel.collectBelow(negated(c), -1f, off, p, n, 0.75f, got, 0, count),
                        label);
                // one hit more than the cap: cap + 1
                assertEquals(count, AuctionKernel.collectBelow(c, 1f, off, p, n, 0.75f, got, 0, count - 1), label);
            }
        }
    }

    /** One cost row of n entries at offset off in c, and n prices: the kernels' inputs. */
    private record Row(float[] c, float[] p, int n, int off) {
        /** n in [1, 70], off in [0, 5), then each entry's cost and price drawn in turn. */
        static Row random(SplittableRandom rnd, DoubleSupplier cost, DoubleSupplier price) {
            int n = 1 + rnd.nextInt(70);
            int off = rnd.nextInt(5);
            float[] c = new float[off + n];
            float[] p = new float[n];
            for (int j = 0; j < n; j++) {
                c[off + j] = (float) cost.getAsDouble();
                p[j] = (float) price.getAsDouble();
            }
            return new Row(c, p, n, off);
        }
    }

    private static float[] negated(float[] c) {
        float[] m = new float[c.length];
        for (int k = 0; k < c.length; k++) {
            m[k] = -c[k];
        }
        return m;
    }
}
