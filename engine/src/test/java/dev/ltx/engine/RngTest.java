package dev.ltx.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameStreamDifferentSeedDifferentStream() {
        Rng a = new Rng(42);
        Rng b = new Rng(42);
        Rng c = new Rng(43);
        long[] xa = new long[100];
        long[] xb = new long[100];
        long[] xc = new long[100];
        for (int i = 0; i < 100; i++) {
            xa[i] = a.nextLong();
            xb[i] = b.nextLong();
            xc[i] = c.nextLong();
        }
        assertArrayEquals(xa, xb);
        assertNotEquals(Arrays.toString(xa), Arrays.toString(xc));
    }

    @Test
    void streamIsPinned() {
        // Golden values: the stream of a seed must never change, or saved experiments stop reproducing.
        Rng r = new Rng(0);
        long first = r.nextLong();
        Rng again = new Rng(0);
        assertEquals(first, again.nextLong());
        assertEquals(goldenFirstLongOfSeedZero(), first);
    }

    /** xoshiro256** seeded by SplitMix64(0): computed independently here from the published recurrences. */
    private static long goldenFirstLongOfSeedZero() {
        long x = 0;
        long[] s = new long[4];
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
        return Long.rotateLeft(s[1] * 5, 7) * 9;
    }

    @Test
    void uniformAndGaussianMoments() {
        Rng r = new Rng(7);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        double gs = 0;
        double gss = 0;
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            assertTrue(u >= 0 && u < 1);
            sum += u;
            sumSq += u * u;
            double g = r.nextGaussian();
            gs += g;
            gss += g * g;
        }
        assertEquals(0.5, sum / n, 0.005);
        assertEquals(1.0 / 12, sumSq / n - (sum / n) * (sum / n), 0.002);
        assertEquals(0.0, gs / n, 0.01);
        assertEquals(1.0, gss / n, 0.01);
    }

    @Test
    void nextIntIsUnbiasedAndPermutationIsAPermutation() {
        Rng r = new Rng(3);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[r.nextInt(7)]++;
        for (int c : counts) assertEquals(10_000, c, 500);
        int[] p = r.permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
        assertNotEquals(Arrays.toString(sorted), Arrays.toString(p));
    }
}
