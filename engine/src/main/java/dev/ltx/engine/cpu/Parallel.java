package dev.ltx.engine.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The CPU backend's one shared worker pool. {@link #forEach} runs independent tasks {@code 0..n-1}
 * on up to {@link #threads()} threads, the caller included. Tasks must write disjoint outputs; how
 * work is split into tasks must not depend on the thread count, so results are bit-identical for
 * any number of threads.
 *
 * <p>Hand-off: a training step makes thousands of short {@code forEach} calls (a convolution makes
 * a few per image group), so the workers spin for a short while ({@link #SPIN_NANOS}) on a
 * generation counter before parking, and the caller spins for the last tasks to finish. The caller
 * waits only for workers that joined the job: once every task is taken it closes the job, and a
 * worker that arrives later (still parked, or descheduled) leaves it without touching it instead of
 * the caller waiting for it to wake up. One job runs at a time; a call that finds the pool busy
 * (another thread's job) runs its tasks on the calling thread, which gives the same results.
 */
public final class Parallel implements AutoCloseable {
    /** How long an idle worker spins before parking (tuning knob {@code -Dltx.pool.spinMicros}). */
    static final long SPIN_NANOS = 1000L * Long.getLong("ltx.pool.spinMicros", 100);
    private static final ThreadLocal<Boolean> IN_WORKER = ThreadLocal.withInitial(() -> false);

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock busy = new ReentrantLock();
    // The current job; published to the workers by the volatile write of generation.
    private IntConsumer body;
    private int tasks;
    private final AtomicInteger next = new AtomicInteger();
    /** Workers inside a job (joined it and not yet left). */
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long generation;
    /** The last generation whose tasks are all taken: workers arriving later stay out of it. */
    private volatile long closedGeneration;
    private volatile boolean closed;

    /** A pool running work on {@code threads} threads (the caller plus {@code threads - 1} workers). */
    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker();
            workers[w].thread.start();
        }
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
        if (threads == 1 || tasks == 1 || IN_WORKER.get() || closed || !busy.tryLock()) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        try {
            this.body = body;
            this.tasks = tasks;
            next.set(0);
            failure.set(null);
            long job = generation + 1;
            generation = job; // publishes the job
            for (Worker w : workers) {
                if (w.parked) LockSupport.unpark(w.thread);
            }
            IN_WORKER.set(true);
            try {
                drain();
            } finally {
                IN_WORKER.set(false);
            }
            // every task is taken: workers still to arrive stay out; wait only for those inside
            closedGeneration = job;
            long start = System.nanoTime();
            while (running.get() != 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // a worker may have been descheduled: let it run
                }
            }
            this.body = null;
            Throwable f = failure.get();
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error err) throw err;
            if (f != null) throw new IllegalStateException(f);
        } finally {
            busy.unlock();
        }
    }

    /** Takes and runs the current job's tasks until none is left (or one has failed). */
    private void drain() {
        IntConsumer b = body;
        int n = tasks;
        int i;
        while (failure.get() == null && (i = next.getAndIncrement()) < n) {
            try {
                b.accept(i);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
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
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w.thread);
    }

    /** A worker thread: waits for the next generation, helps drain its job, reports done. */
    private final class Worker implements Runnable {
        final Thread thread = new Thread(this, "ltx-cpu-worker");
        volatile boolean parked;

        Worker() {
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            IN_WORKER.set(true);
            long seen = 0; // the pool's generation before its first job (workers start in the constructor)
            while (true) {
                long g = awaitGeneration(seen);
                if (g != seen) { // a job published before (or while) the pool closed is still done
                    seen = g;
                    running.incrementAndGet(); // joined before the check: the caller waits for us
                    try {
                        if (closedGeneration < g) { // else its tasks are all taken and its caller may be gone
                            drain();
                        }
                    } finally {
                        running.decrementAndGet();
                    }
                } else if (closed) {
                    return;
                }
            }
        }

        /** Spins, then parks, until the generation moves past {@code seen} or the pool closes. */
        private long awaitGeneration(long seen) {
            long start = System.nanoTime();
            long g;
            while ((g = generation) == seen && !closed) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if ((g = generation) == seen && !closed) LockSupport.park(this);
                    parked = false;
                }
            }
            return g;
        }
    }
}
