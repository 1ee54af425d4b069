package dev.ltx.nn.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;

/**
 * Iterates {@code produce(0) .. produce(count − 1)}, computing them ahead on one background
 * daemon thread into a bounded queue of {@code depth} items (plus the one the producer is
 * working on), so item {@code i + 1} is prepared while the consumer works on item {@code i}.
 * With depth 0 there is no thread and {@link #next()} computes each item itself; either way
 * the items are the same.
 *
 * <p>A failure while producing item {@code i} is rethrown by the consumer's {@link #next()} for
 * that item, as an {@link IllegalStateException} whose cause is the original throwable; iteration
 * then ends. {@link #close()} (from any thread, any number of times) interrupts the producer,
 * waits for it to exit (it stops at its next queue operation, at most one item later), drops the
 * queued items and wakes a consumer blocked in {@link #next()}, which then throws. Single consumer:
 * {@code hasNext}/{@code next} belong to one thread.
 */
final class Prefetcher<T> implements Iterator<T>, AutoCloseable {
    /** How long {@link #close()} waits for a producer stuck in user code before leaving the daemon behind. */
    static final long JOIN_TIMEOUT_MS = 10_000;

    private static final Object CLOSED = new Object();

    private record Failure(int index, Throwable error) {
    }

    private final String description;
    private final int count;
    private final IntFunction<T> produce;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;
    private int delivered;
    private boolean failed;

    Prefetcher(String description, int count, int depth, IntFunction<T> produce) {
        if (count < 0 || depth < 0) {
            throw new IllegalArgumentException("count and depth must be non-negative, got " + count + ", " + depth);
        }
        this.description = description;
        this.count = count;
        this.produce = produce;
        if (depth == 0 || count == 0) {
            this.queue = null;
            this.thread = null;
        } else {
            this.queue = new ArrayBlockingQueue<>(depth);
            this.thread = new Thread(this::runProducer, "ltx-prefetch " + description);
            this.thread.setDaemon(true);
            this.thread.start();
        }
    }

    private void runProducer() {
        int i = 0;
        try {
            for (; i < count && !closed; i++) queue.put(produce.apply(i));
        } catch (InterruptedException e) {
            // close() asked us to stop.
        } catch (Throwable t) {
            if (closed) return;
            try {
                queue.put(new Failure(i, t));
            } catch (InterruptedException e) {
                // closed while handing over the failure: nobody is waiting for it.
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !closed && !failed && delivered < count;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (closed) throw new IllegalStateException(description + ": closed");
        if (failed || delivered >= count) throw new NoSuchElementException(description + ": no more items");
        int i = delivered;
        Object item;
        if (queue == null) {
            try {
                item = produce.apply(i);
            } catch (RuntimeException | Error e) {
                failed = true;
                throw failure(i, e);
            }
        } else {
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException(description + ": interrupted while waiting for item " + i, e);
            }
            if (item == CLOSED) throw new IllegalStateException(description + ": closed");
            if (item instanceof Failure f) {
                failed = true;
                close();
                throw failure(f.index(), f.error());
            }
        }
        delivered++;
        return (T) item;
    }

    private IllegalStateException failure(int index, Throwable error) {
        return new IllegalStateException(description + ": producing item " + index + " failed: " + error, error);
    }

    /**
     * Waits up to {@link #JOIN_TIMEOUT_MS} for the producer to exit, even when the calling thread is
     * (or gets) interrupted, whose interrupt status is then restored.
     */
    private void awaitProducer() {
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + JOIN_TIMEOUT_MS * 1_000_000L;
        while (thread.isAlive()) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) break;
            try {
                thread.join(leftMs);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Whether the background thread is still running (false without one). */
    boolean producerAlive() {
        return thread != null && thread.isAlive();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (thread == null) return;
        thread.interrupt();
        awaitProducer();
        queue.clear();
        queue.offer(CLOSED); // wakes a consumer blocked in take(); the queue is empty, so this fits
    }
}
