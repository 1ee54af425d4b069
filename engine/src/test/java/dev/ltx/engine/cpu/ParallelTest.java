package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
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

    @Test
    void theWorkersTakeTasksAcrossManyHandOffsParkedOrSpinning() throws Exception {
        try (Parallel p = new Parallel(3)) {
            java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int call = 0; call < 20000; call++) { // short jobs back to back: the workers mostly spin
                AtomicIntegerArray hits = new AtomicIntegerArray(5);
                p.forEach(5, hits::incrementAndGet);
                for (int i = 0; i < 5; i++) assertEquals(1, hits.get(i), "call " + call + " task " + i);
            }
            for (int call = 0; call < 5; call++) {
                Thread.sleep(2 + Parallel.SPIN_NANOS / 1_000_000); // long enough for the workers to park
                p.forEach(6, i -> {
                    names.add(Thread.currentThread().getName());
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            assertTrue(names.size() >= 2, "tasks ran on " + names);
        }
    }

    @Test
    void noTaskRunsAfterItsCallReturnsWhateverWhenTheWorkersArrive() throws Exception {
        // the caller waits only for workers that joined its job; a late one must leave it untouched
        try (Parallel p = new Parallel(3)) {
            AtomicInteger late = new AtomicInteger();
            for (int call = 0; call < 30000; call++) {
                int[] runs = new int[3];
                AtomicBoolean open = new AtomicBoolean(true);
                p.forEach(3, i -> {
                    if (!open.get()) late.incrementAndGet();
                    runs[i]++;
                });
                open.set(false);
                for (int i = 0; i < 3; i++) assertEquals(1, runs[i], "call " + call + " task " + i);
                if (call % 5000 == 4999) {
                    Thread.sleep(1 + Parallel.SPIN_NANOS / 1_000_000); // let the workers park, then wake them
                }
            }
            Thread.sleep(20);
            assertEquals(0, late.get(), "tasks run after their call returned");
        }
    }

    @Test
    void concurrentCallersAndAFailedJobLeaveThePoolUsable() throws Exception {
        try (Parallel p = new Parallel(2)) {
            assertThrows(IllegalStateException.class, () -> p.forEach(6, i -> {
                throw new IllegalStateException("boom");
            }));
            AtomicInteger total = new AtomicInteger();
            Runnable caller = () -> {
                for (int call = 0; call < 2000; call++) p.forEach(4, i -> total.incrementAndGet());
            };
            Thread other = new Thread(caller);
            other.start();
            caller.run();
            other.join();
            assertEquals(2 * 2000 * 4, total.get());
        }
    }
}
