package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void runsEveryTaskExactlyOnce() {
        for (int threads = 1; threads <= 3; threads++) {
            try (Parallel p = new Parallel(threads)) {
                for (int tasks : new int[] {0, 1, 2, 7, 1000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(tasks, 1));
                    p.forEach(tasks, hits::incrementAndGet);
                    for (int i = 0; i < tasks; i++) assertEquals(1, hits.get(i), "task " + i);
                }
            }
        }
    }

    @Test
    void forRangeChunksDependOnlyOnSizeAndGrain() {
        try (Parallel p = new Parallel(2)) {
            AtomicInteger covered = new AtomicInteger();
            AtomicIntegerArray starts = new AtomicIntegerArray(101);
            p.forRange(101, 10, (from, to) -> {
                assertEquals(0, from % 10);
                assertEquals(Math.min(101, from + 10), to);
                starts.incrementAndGet(from);
                covered.addAndGet(to - from);
            });
            assertEquals(101, covered.get());
            for (int s = 0; s <= 100; s += 10) assertEquals(1, starts.get(s));
        }
    }

    @Test
    void nestedCallsRunInlineAndFailuresPropagate() {
        try (Parallel p = new Parallel(2)) {
            AtomicInteger n = new AtomicInteger();
            p.forEach(4, i -> p.forEach(5, j -> n.incrementAndGet()));
            assertEquals(20, n.get());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.forEach(8, i -> {
                if (i == 5) throw new IllegalStateException("boom " + i);
            }));
            assertEquals("boom 5", e.getMessage());
        }
    }

    @Test
    void serialHereIsTrueForOneThreadAndInsideTasks() {
        try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
            assertTrue(one.serialHere());
            assertFalse(two.serialHere());
            AtomicIntegerArray inside = new AtomicIntegerArray(4);
            two.forEach(4, t -> inside.set(t, two.serialHere() ? 1 : 0));
            for (int t = 0; t < 4; t++) {
                assertEquals(1, inside.get(t), "task " + t);
            }
            assertFalse(two.serialHere());
        }
    }
}
