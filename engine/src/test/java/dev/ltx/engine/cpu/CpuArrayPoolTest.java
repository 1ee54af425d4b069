package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ltx.engine.DType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuArrayPool}'s bookkeeping: reuse per (dtype, length) class with zero fill, the capacity
 * bound, and room made by dropping the least recently used classes, so that a loop that changes
 * between two working sets (training steps, then an evaluation in larger batches) reuses each one
 * again after its first pass instead of leaving every later array to the collector.
 */
class CpuArrayPoolTest {
    @Test
    void aReleasedArrayComesBackZeroFilledForItsClassOnly() {
        CpuArrayPool pool = new CpuArrayPool(1 << 20);
        float[] a = pool.floats(100);
        a[3] = 7f;
        pool.release(a);
        assertEquals(400, pool.pooledBytes());
        assertNotSame(a, pool.floats(99), "another length is another class");
        assertNotSame(a, pool.take(DType.I32, 100), "another dtype is another class");
        float[] b = pool.floats(100);
        assertSame(a, b);
        assertEquals(0f, b[3]);
        assertEquals(1, pool.reused());
        assertEquals(0, pool.pooledBytes());
    }

    @Test
    void aFullPoolDropsTheLeastRecentlyUsedClassesFirstAndNeverTheReleasedOnesOwn() {
        CpuArrayPool pool = new CpuArrayPool(1000);
        float[] x = pool.floats(50);   // 200 bytes
        float[] y = pool.floats(60);   // 240 bytes
        float[] z = pool.floats(100);  // 400 bytes
        pool.release(x);
        pool.release(y);
        pool.release(z);
        assertEquals(840, pool.pooledBytes());
        assertSame(x, pool.floats(50), "taking x makes its class the most recent");
        pool.release(x);
        float[] w = pool.floats(70);   // 280 bytes: 1120 > 1000, so the least recent class (y) goes
        pool.release(w);
        assertEquals(1, pool.dropped());
        assertEquals(880, pool.pooledBytes());
        assertNotSame(y, pool.floats(60), "y was dropped");
        assertSame(x, pool.floats(50), "x was used more recently than y");
        assertSame(z, pool.floats(100));
        assertSame(w, pool.floats(70));

        CpuArrayPool one = new CpuArrayPool(1000);
        float[] a = one.floats(200);   // 800 bytes
        float[] b = one.floats(200);
        one.release(a);
        one.release(b);                // only its own class could make room: left to the collector
        assertEquals(800, one.pooledBytes());
        assertEquals(0, one.dropped());
        one.release(new float[300]);   // larger than the capacity
        assertEquals(800, one.pooledBytes());
        assertSame(a, one.floats(200));
    }

    @Test
    void alternatingWorkingSetsAreEachReusedAfterTheirFirstPass() {
        // Room for one working set at a time, as half the heap against a ResNet step's arrays and an
        // evaluation batch's. Before, the evaluation's arrays kept the pool full, and every later
        // training pass found only the one class they share.
        CpuArrayPool pool = new CpuArrayPool(10_000 * 4);
        int[] train = {1000, 1000, 2000, 3000};
        int[] eval = {4000, 4000, 2000};
        pass(pool, eval);
        for (int round = 0; round < 3; round++) {
            long r0 = pool.reused();
            pass(pool, train);
            assertEquals(1, pool.reused() - r0, "round " + round + ": the first training pass shares one class");
            long r1 = pool.reused();
            pass(pool, train);
            assertEquals(train.length, pool.reused() - r1, "round " + round + ": the second reuses all of its arrays");
            long r2 = pool.reused();
            pass(pool, eval);
            assertEquals(1, pool.reused() - r2, "round " + round + ": the evaluation after it");
            pass(pool, eval);
            assertEquals(eval.length + 1, pool.reused() - r2, "round " + round + ": and its second pass");
            assertEquals(40_000, pool.pooledBytes());
        }
    }

    /** Takes every length of {@code lengths}, then gives them all back (one step's scope). */
    private static void pass(CpuArrayPool pool, int[] lengths) {
        List<float[]> taken = new ArrayList<>();
        for (int n : lengths) taken.add(pool.floats(n));
        for (float[] a : taken) pool.release(a);
    }
}
