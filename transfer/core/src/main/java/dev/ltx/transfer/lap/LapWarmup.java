package dev.ltx.transfer.lap;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the solver's Vector API kernels ({@link AuctionKernel}, {@link CandidateLists},
 * {@link SapKernel}) compiled before the first real weight-matching problem needs them. Until C2
 * compiles a kernel, every vector operation in it runs the Vector API's Java fallback (a boxed
 * vector and a lambda per operation, tens of times slower), and a transfer's first, cold solve of
 * a 4096×4096 matrix was spending seconds there.
 *
 * <p>It solves small low-rank float problems of the kind weight matching on gradients produces
 * (maximized, a few exactly-zero rows and columns), cold and then warm-started from the previous
 * duals, so the auction with candidate lists, the greedy start from duals, the tight-assignment
 * check and the shortest paths all run many times. It touches only its own arrays: the results of
 * the real solves are unaffected (the solver is a pure function of its inputs).
 */
public final class LapWarmup {
    /** Size of the warm-up problems: above the candidate lists' threshold, small enough to be quick. */
    static final int N = 384;
    /** Rank of the warm-up matrices (low rank: the cold solve takes the auction path). */
    static final int RANK = 6;
    /** Chains of one cold and several warm solves. */
    static final int CHAINS = 3;
    /** Warm solves per chain. */
    static final int WARM = 5;

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private LapWarmup() {
    }

    /**
     * Starts {@link #run()} once per JVM on a daemon thread (later calls do nothing), unless the
     * system property {@code ltx.warmup} is {@code false}.
     */
    public static void startInBackground() {
        if (!Boolean.parseBoolean(System.getProperty("ltx.warmup", "true")) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(LapWarmup::run, "ltx-lap-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Runs {@link #run()} on the calling thread unless a warm-up was already started in this JVM
     * (here or by {@link #startInBackground()}) or {@code ltx.warmup} is {@code false}: for a caller
     * about to solve large problems after other heavy work, where a background warm-up would have
     * competed with that work for the cores.
     */
    public static void runOnce() {
        if (Boolean.parseBoolean(System.getProperty("ltx.warmup", "true")) && STARTED.compareAndSet(false, true)) {
            run();
        }
    }

    /** Runs the warm-up solves on the calling thread; returns the number of solves. */
    public static int run() {
        SplittableRandom rnd = new SplittableRandom(20_23);
        int solves = 0;
        for (int chain = 0; chain < CHAINS; chain++) {
            float[] c = lowRank(rnd, null);
            LapResult r = LinearAssignment.solve(c, N, N, true);
            solves++;
            for (int w = 0; w < WARM; w++) {
                c = lowRank(rnd, c);
                r = LinearAssignment.solve(c, N, N, true, r.v());
                solves++;
            }
        }
        return solves;
    }

    /**
     * A rank-{@link #RANK} N×N float matrix with zero rows and columns (dead units); with
     * {@code base} non-null, {@code base} plus such a matrix (as consecutive FGMT problems are).
     */
    private static float[] lowRank(SplittableRandom rnd, float[] base) {
        float[] g = new float[N * RANK];
        float[] h = new float[N * RANK];
        for (int k = 0; k < g.length; k++) {
            g[k] = (float) rnd.nextGaussian();
            h[k] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < N; i += 17) {
            for (int r = 0; r < RANK; r++) {
                g[i * RANK + r] = 0;
                h[((i * 7) % N) * RANK + r] = 0;
            }
        }
        float[] c = base == null ? new float[N * N] : base.clone();
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                float sum = 0;
                for (int r = 0; r < RANK; r++) {
                    sum += g[i * RANK + r] * h[j * RANK + r];
                }
                c[i * N + j] += base == null ? sum : 0.25f * sum;
            }
        }
        return c;
    }
}
