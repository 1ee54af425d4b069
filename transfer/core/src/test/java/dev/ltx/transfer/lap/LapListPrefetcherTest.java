package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A second thread rebuilding candidate lists ({@link CandidateLists#prefetch}, {@link ListPrefetcher})
 * while another bids never changes a bid: each still equals the full-row scan at the bidder's
 * prices, and the auction and the solver give the same prices, assignment and duals with the
 * prefetcher (two threads) as without it (one).
 */
class LapListPrefetcherTest {

    /**
     * The bidder lowers prices as an auction does while a second thread rebuilds the lists of random
     * rows at the same, concurrently changing prices; every bid is checked against the full scan.
     */
    @Test
    void bidsEqualTheFullScanWhileAnotherThreadRebuildsLists() throws InterruptedException {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : new int[] {300, 700}) {
            double[][] d = LapAuctionTest.gradientLike(rnd, n, 6, 0.1);
            float[] c = new float[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] = (float) -d[i][j];
                }
            }
            float[] p = new float[n];
            CandidateLists lists = new CandidateLists(c, 1f, n, 32, true);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong calls = new AtomicLong();
            Thread helper = new Thread(() -> {
                SplittableRandom own = new SplittableRandom(12);
                float[] out = new float[2];
                float margin = 0;
                while (!stop.get()) {
                    margin = lists.prefetch(own.nextInt(n), p, out, margin);
                    calls.incrementAndGet();
                }
            });
            helper.start();
            float[] full = new float[2];
            float[] listed = new float[2];
            long deadline = System.nanoTime() + 20_000_000_000L;
            try {
                for (int step = 0; step < 60 * n || (calls.get() < 20L * n && System.nanoTime() < deadline); step++) {
                    int i = rnd.nextInt(n);
                    int expected = AuctionKernel.bid(c, 1f, i * n, p, n, full);
                    int got = lists.bid(i, p, listed);
                    String what = "n " + n + " step " + step + " row " + i;
                    assertEquals(expected, got, what + ": column");
                    assertEquals(full[0], listed[0], what + ": best value");
                    assertEquals(full[1], listed[1], what + ": second value");
                    p[got] -= (full[1] - full[0]) + 1e-3f * (float) rnd.nextDouble();
                }
            } finally {
                stop.set(true);
                helper.join();
            }
            assertTrue(calls.get() >= 20L * n, "n " + n + ": the helper ran alongside (" + calls.get() + " calls)");
            assertTrue(lists.prefetched() > 0, "n " + n + ": the helper rebuilt lists");
        }
    }

    /** A cold auction with candidate lists: the same prices and assignment with and without the prefetcher. */
    @Test
    void coldAuctionGivesTheSameResultWithAndWithoutThePrefetcher() {
        SplittableRandom rnd = new SplittableRandom(13);
        int before = RowSplit.maxThreads();
        try {
            for (int n : new int[] {600, 1100}) {
                double[][] c = LapAuctionTest.gradientLike(rnd, n, 8, 0.2);
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double[] row : c) {
                    for (double e : row) {
                        lo = Math.min(lo, -e);
                        hi = Math.max(hi, -e);
                    }
                }
                int[] offs = new int[n];
                int[][] x = new int[2][n];
                int[][] y = new int[2][n];
                double[][] v = new double[2][n];
                for (int threads = 1; threads <= 2; threads++) {
                    RowSplit.setMaxThreads(threads); // 2: the prefetcher runs (n >= 512, a second thread in the pool)
                    AuctionWarmStart.run(n, c, offs, -1.0, lo, hi, v[threads - 1], x[threads - 1], y[threads - 1], 0,
                            null, true);
                }
                assertArrayEquals(v[0], v[1], "n " + n + ": prices");
                assertArrayEquals(x[0], x[1], "n " + n + ": rows to columns");
                assertArrayEquals(y[0], y[1], "n " + n + ": columns to rows");
            }
        } finally {
            RowSplit.setMaxThreads(before);
        }
    }

    /** A whole cold solve on a low-rank float matrix (the auction with lists): same answer and duals. */
    @Test
    void solverGivesTheSameAssignmentAndDualsOnOneAndTwoThreads() {
        SplittableRandom rnd = new SplittableRandom(14);
        int n = 1024;
        double[][] d = LapAuctionTest.gradientLike(rnd, n, 12, 0.15);
        float[] f = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                f[i * n + j] = (float) d[i][j];
            }
        }
        int before = RowSplit.maxThreads();
        LapResult[] r = new LapResult[2];
        try {
            for (int threads = 1; threads <= 2; threads++) {
                LinearAssignment.setMaxThreads(threads);
                r[threads - 1] = LinearAssignment.solve(f, n, n, true);
            }
        } finally {
            RowSplit.setMaxThreads(before);
        }
        assertArrayEquals(r[0].rowToCol(), r[1].rowToCol(), "assignment");
        assertArrayEquals(r[0].v(), r[1].v(), "column duals");
        assertEquals(r[0].totalCost(), r[1].totalCost(), "total");
    }
}
