package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CandidateLists} answers every bid exactly as the full-row scan {@link AuctionKernel#bid}
 * does while prices only fall, and the auction gives the same prices and assignment with and
 * without the lists.
 */
class LapCandidateListsTest {

    @Test
    void everyBidEqualsTheFullScanWhilePricesFall() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 60; trial++) {
            int n = 3 + rnd.nextInt(trial < 40 ? 60 : 400);
            boolean ties = trial % 3 == 0;
            float[] c = new float[n * n];
            for (int k = 0; k < c.length; k++) {
                c[k] = ties ? rnd.nextInt(4) : (float) rnd.nextGaussian();
            }
            float[] p = new float[n];
            for (int j = 0; j < n; j++) {
                p[j] = ties ? rnd.nextInt(3) : (float) rnd.nextGaussian();
            }
            int cap = 2 + rnd.nextInt(Math.min(n, 70) - 1);
            float sign = trial % 2 == 0 ? 1f : -1f; // the lists read sign * c; the full scan a copy
            float[] signed = new float[c.length];
            for (int k = 0; k < c.length; k++) {
                signed[k] = sign * c[k];
            }
            CandidateLists lists = new CandidateLists(c, sign, n, cap);
            // an auction-like price fall: the winner's price, sometimes by 0, sometimes a lot
            assertBidsEqualFullScan(lists, signed, p, 40 * n, rnd, "trial " + trial + " n " + n + " cap " + cap,
                    (best, second) -> rnd.nextInt(5) == 0 ? 0f : (second - best) + (float) rnd.nextDouble() * (ties ? 1 : 0.1f));
        }
    }

    /**
     * A row's first list starts from the margin of the last list built; with rows of wildly different
     * scales that start is far off (too wide or too narrow by up to 12 orders of magnitude, past the
     * rebuild's 40 halvings or doublings) and every bid must still equal the full scan.
     */
    @Test
    void bidsStayExactWhenRowsDifferInScaleByOrdersOfMagnitude() {
        SplittableRandom rnd = new SplittableRandom(9);
        int n = 300;
        float[] c = new float[n * n];
        for (int i = 0; i < n; i++) {
            float scale = (float) Math.pow(10, rnd.nextInt(13) - 6);
            for (int j = 0; j < n; j++) {
                c[i * n + j] = scale * (float) rnd.nextGaussian();
            }
        }
        float[] p = new float[n];
        CandidateLists lists = new CandidateLists(c, 1f, n, 64);
        assertBidsEqualFullScan(lists, c, p, 20 * n, rnd, "scaled rows",
                (best, second) -> (second - best) + Math.abs(best) * 1e-3f * (float) rnd.nextDouble());
    }

    /**
     * Lists built for every row up front ({@link CandidateLists#buildAll}, rows split over threads
     * from 512 rows), then bids while prices fall: every answer equals the full scan's.
     */
    @Test
    void bidsAfterBuildingEveryListUpFrontEqualTheFullScan() {
        SplittableRandom rnd = new SplittableRandom(10);
        for (int n : new int[] {5, 300, 1100}) {
            float[] c = new float[n * n];
            for (int k = 0; k < c.length; k++) {
                c[k] = (float) rnd.nextGaussian();
            }
            float[] p = new float[n];
            for (int j = 0; j < n; j++) {
                p[j] = (float) rnd.nextGaussian() * 0.1f;
            }
            float[] negated = new float[c.length];
            for (int k = 0; k < c.length; k++) {
                negated[k] = -c[k];
            }
            CandidateLists lists = new CandidateLists(negated, -1f, n, Math.min(n, 64));
            lists.buildAll(p);
            assertEquals(n, lists.rebuilds(), "n " + n + ": one list per row");
            assertBidsEqualFullScan(lists, c, p, 10 * n, rnd, "n " + n,
                    (best, second) -> (second - best) + 0.01f * (float) rnd.nextDouble());
        }
    }

    /**
     * After auction-like bids, a row's window read from its list ({@link CandidateLists#window}) is
     * either declined (−1) or exactly the row scan's: the columns below the row minimum plus the
     * reach, in order, with the same overflow past the capacity; and most rows are answered.
     */
    @Test
    void windowsFromTheListsEqualTheRowScans() {
        SplittableRandom rnd = new SplittableRandom(13);
        int answered = 0;
        int asked = 0;
        for (int trial = 0; trial < 24; trial++) {
            int n = 3 + rnd.nextInt(trial < 12 ? 60 : 400);
            boolean ties = trial % 3 == 0;
            float[] c = new float[n * n];
            for (int k = 0; k < c.length; k++) {
                c[k] = ties ? rnd.nextInt(4) : (float) rnd.nextGaussian();
            }
            float sign = trial % 2 == 0 ? 1f : -1f;
            float[] signed = new float[c.length];
            for (int k = 0; k < c.length; k++) {
                signed[k] = sign * c[k];
            }
            float[] p = new float[n];
            int cap = 2 + rnd.nextInt(Math.min(n, 70) - 1);
            CandidateLists lists = new CandidateLists(c, sign, n, cap);
            assertBidsEqualFullScan(lists, signed, p, 20 * n, rnd, "trial " + trial,
                    (best, second) -> (second - best) + (float) rnd.nextDouble() * (ties ? 1 : 0.05f));
            float[] two = new float[2];
            for (float reach : new float[] {0f, 1e-3f, 0.05f, 0.5f}) {
                for (int windowCap : new int[] {1, 4, 32, n}) {
                    for (int i = 0; i < n; i++) {
                        int[] fromList = new int[windowCap + 1];
                        int got = lists.window(i, p, reach, fromList, windowCap, two);
                        asked++;
                        if (got < 0) {
                            continue;
                        }
                        answered++;
                        int[] fromRow = new int[windowCap + 1];
                        float t = Math.nextUp(AuctionKernel.rowMin(c, sign, i * n, p, n) + reach);
                        int expected = AuctionKernel.collectBelow(c, sign, i * n, p, n, t, fromRow, 0, windowCap);
                        String what = "trial " + trial + " row " + i + " reach " + reach + " cap " + windowCap;
                        assertEquals(expected, got, what + ": count");
                        if (expected <= windowCap) {
                            assertArrayEquals(java.util.Arrays.copyOf(fromRow, expected),
                                    java.util.Arrays.copyOf(fromList, got), what + ": columns");
                        }
                    }
                }
            }
        }
        assertTrue(answered > asked / 4, answered + " of " + asked + " windows came from the lists");
    }

    /** How far the winner's price falls after a bid, given the bid's best and second-best values. */
    private interface PriceDrop {
        float after(float best, float second);
    }

    /**
     * {@code steps} bids on random rows, each answered by {@code lists} and by the full scan of
     * {@code signed} (the costs the lists read, sign applied): same column, best and second value;
     * after each, the winner's price falls by {@code drop}.
     */
    private static void assertBidsEqualFullScan(CandidateLists lists, float[] signed, float[] p, int steps,
                                                SplittableRandom rnd, String context, PriceDrop drop) {
        int n = p.length;
        float[] full = new float[2];
        float[] listed = new float[2];
        for (int step = 0; step < steps; step++) {
            int i = rnd.nextInt(n);
            int expected = AuctionKernel.bid(signed, 1f, i * n, p, n, full);
            int got = lists.bid(i, p, listed);
            String what = context + " step " + step + " row " + i;
            assertEquals(expected, got, what + ": column");
            assertEquals(full[0], listed[0], what + ": best value");
            assertEquals(full[1], listed[1], what + ": second value");
            p[got] -= drop.after(full[0], full[1]);
        }
    }

    @Test
    void auctionWithListsGivesTheFullScanAuctionsPricesAndAssignment() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int n : new int[] {40, 300, 700}) {
            double[][] c = LapAuctionTest.gradientLike(rnd, n, 8, 0.2);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int[] offs = new int[n];
            for (double[] row : c) {
                for (double e : row) {
                    lo = Math.min(lo, -e);
                    hi = Math.max(hi, -e);
                }
            }
            for (int skip : new int[] {0, 2}) {
                double[] v1 = new double[n];
                double[] v2 = new double[n];
                int[] x1 = new int[n];
                int[] y1 = new int[n];
                int[] x2 = new int[n];
                int[] y2 = new int[n];
                AuctionWarmStart.run(n, c, offs, -1.0, lo, hi, v1, x1, y1, skip, null, false);
                AuctionWarmStart.run(n, c, offs, -1.0, lo, hi, v2, x2, y2, skip, null, true);
                String what = "n " + n + " skip " + skip;
                assertArrayEquals(v1, v2, what + ": prices");
                assertArrayEquals(x1, x2, what + ": rows to columns");
                assertArrayEquals(y1, y2, what + ": columns to rows");
            }
        }
    }
}
