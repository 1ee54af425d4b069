package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PrefetcherTest {
    @Test
    void producesAheadOnOneDaemonThreadWhileTheConsumerHoldsAnItem() {
        AtomicInteger produced = new AtomicInteger();
        Set<Thread> producers = new HashSet<>();
        try (Prefetcher<Integer> p = new Prefetcher<>("ahead", 10, 2, i -> {
            synchronized (producers) {
                producers.add(Thread.currentThread());
            }
            produced.incrementAndGet();
            return i * i;
        })) {
            assertEquals(0, p.next());
            // Without another next(): items 1 and 2 fill the queue and item 3 waits in the producer's hand.
            while (produced.get() < 4) Thread.onSpinWait();
            List<Integer> rest = new ArrayList<>();
            while (p.hasNext()) rest.add(p.next());
            assertEquals(List.of(1, 4, 9, 16, 25, 36, 49, 64, 81), rest);
            assertEquals(10, produced.get());
        }
        assertEquals(1, producers.size());
        Thread t = producers.iterator().next();
        assertNotSame(Thread.currentThread(), t);
        assertTrue(t.isDaemon());
        assertTrue(t.getName().contains("ahead"), t.getName());
    }

    @Test
    void depthZeroProducesOnlyOnDemandOnTheCallingThread() {
        AtomicInteger produced = new AtomicInteger();
        AtomicReference<Thread> producer = new AtomicReference<>();
        try (Prefetcher<Integer> p = new Prefetcher<>("sync", 3, 0, i -> {
            producer.set(Thread.currentThread());
            produced.incrementAndGet();
            return i;
        })) {
            assertEquals(0, produced.get());
            assertEquals(0, p.next());
            assertEquals(1, produced.get());
            assertSame(Thread.currentThread(), producer.get());
            assertFalse(p.producerAlive());
        }
    }

    @Test
    void interruptedConsumerStopsTheProducerAndKeepsItsInterruptFlag() throws Exception {
        Prefetcher<Integer> p = new Prefetcher<>("slow", 5, 1, i -> {
            if (i == 1) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("cancelled", e);
                }
            }
            return i;
        });
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        AtomicBoolean gotFirst = new AtomicBoolean();
        Thread consumer = new Thread(() -> {
            p.next();
            gotFirst.set(true); // the first take() may block briefly too: interrupt only the second
            try {
                p.next();
            } catch (Throwable t) {
                seen.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        consumer.start();
        while (!gotFirst.get() || consumer.getState() != Thread.State.WAITING) Thread.onSpinWait();
        consumer.interrupt();
        consumer.join();
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
        assertTrue(seen.get().getMessage().contains("interrupted"), seen.get().getMessage());
        assertTrue(flag.get());
        assertFalse(p.producerAlive());
        assertThrows(IllegalStateException.class, p::next);
    }

    @Test
    void errorsAreWrappedWithTheirIndexAndEndIteration() {
        for (int depth = 0; depth <= 2; depth++) {
            Prefetcher<Integer> p = new Prefetcher<>("err", 4, depth, i -> {
                if (i == 2) throw new StackOverflowError("deep");
                return i;
            });
            assertEquals(0, p.next());
            assertEquals(1, p.next());
            IllegalStateException e = assertThrows(IllegalStateException.class, p::next);
            assertTrue(e.getCause() instanceof StackOverflowError);
            assertTrue(e.getMessage().contains("item 2"), e.getMessage());
            assertFalse(p.hasNext());
            p.close();
            assertFalse(p.producerAlive());
        }
        assertThrows(IllegalArgumentException.class, () -> new Prefetcher<Integer>("bad", 1, -1, i -> i));
    }
}
