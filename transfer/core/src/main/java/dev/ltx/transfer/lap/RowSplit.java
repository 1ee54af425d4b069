package dev.ltx.transfer.lap;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a memory-bound pass over the rows of a matrix into contiguous ranges run at once on the
 * calling thread and the common fork-join pool: the solver's whole-matrix passes (the range scan
 * of a float matrix, the rows' float screens after the auction) read 64 MiB at n = 4096, which
 * one core does not stream at the memory's rate (two threads: 4.3 → 2.4-2.7 ms per pass over
 * the FGMT matrices, Zen 5). Every range writes only its own outputs, so results never depend on
 * the split.
 *
 * <p>Threads: at most {@link #maxThreads()} ranges (default {@code -Dltx.threads}, else every
 * core; {@link LinearAssignment#setMaxThreads}), no more than the common pool's parallelism plus
 * the caller, and none smaller than {@link #MIN_ROWS} rows.
 */
final class RowSplit {
    /** Fewest rows worth a range of their own. */
    static final int MIN_ROWS = 256;

    private static volatile int maxThreads = Math.max(1,
            Integer.getInteger("ltx.threads", Runtime.getRuntime().availableProcessors()));

    /** One range's work: rows {@code from} (inclusive) to {@code to} (exclusive), as range {@code part}. */
    interface Pass {
        void run(int part, int from, int to);
    }

    private RowSplit() {
    }

    static int maxThreads() {
        return maxThreads;
    }

    static void setMaxThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("need at least one thread, got " + threads);
        }
        maxThreads = threads;
    }

    /** How many ranges a pass over {@code n} rows gets. */
    static int parts(int n) {
        int byPool = ForkJoinPool.getCommonPoolParallelism() + 1;
        return Math.max(1, Math.min(Math.min(maxThreads, byPool), n / MIN_ROWS));
    }

    /** Runs {@code pass} over rows {@code 0..n} in {@code parts} ranges (part 0 on the caller) and waits for all. */
    static void run(int n, int parts, Pass pass) {
        if (parts <= 1) {
            pass.run(0, 0, n);
            return;
        }
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            others[p - 1] = ForkJoinTask.adapt(() -> pass.run(part, bound(n, parts, part), bound(n, parts, part + 1)))
                    .fork();
        }
        RuntimeException failure = null;
        try {
            pass.run(0, 0, bound(n, parts, 1));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (ForkJoinTask<?> t : others) {
            try {
                t.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** First row of range {@code part}. */
    private static int bound(int n, int parts, int part) {
        return (int) ((long) n * part / parts);
    }
}
