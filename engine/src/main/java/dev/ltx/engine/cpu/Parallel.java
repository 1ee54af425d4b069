package dev.ltx.engine.cpu;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The CPU backend's one shared worker pool. {@link #forEach} runs independent tasks {@code 0..n-1}
 * on up to {@link #threads()} threads, the caller included. Tasks must write disjoint outputs; how
 * work is split into tasks must not depend on the thread count, so results are bit-identical for
 * any number of threads.
 */
public final class Parallel implements AutoCloseable {
    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);

    private final int threads;
    private final ExecutorService workers;

    /** A pool running work on {@code threads} threads (the caller plus {@code threads - 1} workers). */
    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(() -> {
                IN_WORKER.set(true);
                r.run();
            }, "ltx-cpu-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Number of threads work is spread over. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body.accept(i)} for every i in [0, tasks). Nested calls from inside a task run
     * inline on the calling thread. The first exception thrown by a task is rethrown.
     */
    public void forEach(int tasks, IntConsumer body) {
        if (tasks <= 0) return;
        if (threads == 1 || tasks == 1 || IN_WORKER.get()) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int helpers = Math.min(threads, tasks) - 1;
        CountDownLatch done = new CountDownLatch(helpers);
        Runnable loop = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < tasks) {
                try {
                    body.accept(i);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        for (int h = 0; h < helpers; h++) {
            workers.execute(() -> {
                try {
                    loop.run();
                } finally {
                    done.countDown();
                }
            });
        }
        boolean wasWorker = IN_WORKER.get();
        IN_WORKER.set(true);
        try {
            loop.run();
        } finally {
            IN_WORKER.set(wasWorker);
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for CPU workers", e);
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error err) throw err;
        if (f != null) throw new IllegalStateException(f);
    }

    /**
     * Whether {@link #forEach} would run its tasks on the calling thread alone (one thread, or the
     * caller is already running a pool task, of any pool). Lets a caller skip building a task lambda for
     * work that would run serially anyway.
     */
    public boolean serialHere() {
        return threads == 1 || IN_WORKER.get();
    }

    /**
     * Runs {@code body.run(from, to)} over {@code [0, n)} cut into chunks of {@code grain}
     * elements (the last may be shorter). The chunking depends only on n and grain.
     */
    public void forRange(int n, int grain, RangeBody body) {
        int g = Math.max(1, grain);
        int chunks = (n + g - 1) / g;
        forEach(chunks, c -> body.run(c * g, Math.min(n, (c + 1) * g)));
    }

    /** A body over a half-open index range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    @Override
    public void close() {
        if (workers != null) workers.shutdownNow();
    }
}
