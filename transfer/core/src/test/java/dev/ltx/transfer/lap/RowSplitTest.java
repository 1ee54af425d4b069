package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link RowSplit} hands every row to exactly one range, the ranges in order and contiguous,
 * passes a range's failure on, and the split range scan gives the whole array's minimum and maximum.
 */
class RowSplitTest {

    @Test
    void everyRowIsVisitedOnceInContiguousOrderedRanges() {
        for (int n : new int[] {0, 1, 7, 255, 256, 1000, 4097}) {
            for (int parts = 1; parts <= 5; parts++) {
                AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
                int[][] ranges = new int[parts][];
                RowSplit.run(n, parts, (part, from, to) -> {
                    ranges[part] = new int[] {from, to};
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen.get(i), "n " + n + " parts " + parts + " row " + i);
                }
                assertEquals(0, ranges[0][0]);
                assertEquals(n, ranges[parts - 1][1]);
                for (int p = 1; p < parts; p++) {
                    assertEquals(ranges[p - 1][1], ranges[p][0], "n " + n + " parts " + parts + " range " + p);
                }
            }
        }
    }

    @Test
    void aFailingRangeFailsTheRunAfterTheOthersFinish() {
        AtomicIntegerArray done = new AtomicIntegerArray(3);
        RowSplit.Pass failsInRange2 = (part, from, to) -> {
            if (part == 2) {
                throw new IllegalStateException("range 2");
            }
            done.set(part, 1);
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RowSplit.run(900, 3, failsInRange2));
        // the pool may rethrow a copy whose cause is the original
        assertTrue(e.getMessage().contains("range 2"), e.getMessage());
        assertEquals(1, done.get(0));
        assertEquals(1, done.get(1));
    }

    @Test
    void partsRespectTheThreadCapAndTheSmallestRange() {
        int before = RowSplit.maxThreads();
        try {
            RowSplit.setMaxThreads(1);
            assertEquals(1, RowSplit.parts(100_000));
            RowSplit.setMaxThreads(64);
            assertEquals(1, RowSplit.parts(RowSplit.MIN_ROWS + 1));
            assertEquals(Math.min(64, java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1),
                    RowSplit.parts(1 << 20));
            assertThrows(IllegalArgumentException.class, () -> RowSplit.setMaxThreads(0));
        } finally {
            RowSplit.setMaxThreads(before);
        }
    }

    @Test
    void rangeScansOfTheMatrixGiveItsMinimumAndMaximum() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : new int[] {1, 17, 300}) {
            float[] c = new float[n * n];
            for (int k = 0; k < c.length; k++) {
                c[k] = (float) rnd.nextGaussian();
            }
            float[] whole = new float[2];
            AuctionKernel.minMax(c, whole);
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float x : c) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            assertArrayEquals(new float[] {lo, hi}, whole, "n " + n);
            for (int parts = 1; parts <= 4; parts++) {
                float[] acc = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
                for (int p = 0; p < parts; p++) {
                    float[] r = new float[2];
                    int from = (int) ((long) n * n * p / parts);
                    AuctionKernel.minMax(c, from, (int) ((long) n * n * (p + 1) / parts), r);
                    acc[0] = Math.min(acc[0], r[0]);
                    acc[1] = Math.max(acc[1], r[1]);
                }
                assertArrayEquals(whole, acc, "n " + n + " parts " + parts);
            }
            c[c.length / 2] = Float.NaN;
            float[] r = new float[2];
            AuctionKernel.minMax(c, c.length / 2, c.length, r);
            assertEquals(Float.NaN, r[0], "NaN propagates, n " + n);
        }
    }
}
