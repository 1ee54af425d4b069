package dev.ltx.transfer.lap;

import java.util.Arrays;
import java.util.concurrent.ForkJoinTask;

/**
 * Epsilon-scaling auction (Bertsekas; Gauss-Seidel, one bidder at a time) used only to find
 * near-optimal column duals {@code v} before the exact shortest augmenting path phase.
 *
 * <p>Why: on low-rank, tie-heavy matrices (weight matching on gradients: {@code A = G1 H1ᵀ + G2ᵀ H2},
 * rank about 140 at n = 4096) the column minima concentrate on a few hundred rows, so the column
 * reduction leaves over 90% of the rows free, and the augmenting row reduction (an auction with
 * {@code ε = 0}) cycles on near-ties; every remaining shortest path then scans thousands of
 * columns. An auction with {@code ε > 0} cannot cycle, and scaling ε down leaves prices whose
 * reduced costs are within about {@code n·ε} of optimal, so the final paths are short.
 *
 * <p>The auction is a heuristic only: any {@code v} is a valid start for the exact phase (row
 * potentials are implicit row minima), so a bid budget may cut it short at any time, and the
 * returned assignment is kept only where it is an exact row minimum ({@link JonkerVolgenant}
 * then repairs the rest). It is skipped when a forbidden entry exists, where prices could run
 * away on infeasible problems. Deterministic: rows bid in FIFO order, ties go to the lowest
 * column index.
 */
final class AuctionWarmStart {
    /** Factor by which ε shrinks per scaling phase. */
    private static final double THETA = 8;
    /**
     * Final ε relative to the cost range. Measured on real gradient matrices (n = 4096): 1e-7
     * costs twice the bids for the same repair work, 1e-4 leaves 30% more rows to repair, each
     * with longer paths.
     */
    private static final double FINAL_RELATIVE_EPS = 1e-5;
    /** Bids per row and phase before the auction gives up (a safety net; never hit in tests). */
    private static final long BIDS_PER_ROW = 64;

    /**
     * Capacity of each row's {@link CandidateLists} list. Measured on the FGMT gradient matrices
     * (n = 4096, ten warm-started solves): 32 → 3.6 s, 64 → 3.1 s, 128 → 3.1 s in all (full-row
     * bids: 4.7-5.6 s); the lists answer about three bids in four.
     */
    private static final int CANDIDATES = 64;
    /** Size from which bids go through candidate lists (below it a row is cheap to scan whole). */
    private static final int LISTS_MIN_N = 256;

    private AuctionWarmStart() {
    }

    /**
     * Whether costs in {@code [lo, hi]} suit a float auction: magnitudes far from float overflow,
     * and room for at least two ε-scaling phases above float resolution.
     */
    static boolean applicable(double lo, double hi) {
        double big = Math.max(Math.abs(lo), Math.abs(hi));
        return hi > lo && big < 1e30 && finalEps(lo, hi) * THETA * THETA <= hi - lo;
    }

    /** The final ε: relative to the range, but above the float resolution of the prices. */
    private static double finalEps(double lo, double hi) {
        double big = Math.max(Math.abs(lo), Math.abs(hi)) + 4 * (hi - lo); // prices drift by O(range)
        return Math.max((hi - lo) * FINAL_RELATIVE_EPS, 8.0 * Math.ulp((float) big));
    }

    /**
     * Runs the auction from the duals {@code v} (updated in place) and writes its final
     * assignment to {@code x}/{@code y} (row to column and inverse, {@code -1} when unassigned).
     * Effective costs ({@code s * rows[i][offs[i] + j]}) must be finite, {@code lo} and {@code hi}
     * their minimum and maximum, with {@link #applicable} true. {@code skipPhases}: coarse
     * ε-scaling phases to leave out (0 from scratch; more when {@code v} is already close to
     * optimal, as a warm start's duals are), never skipping the final ε. {@code source}: the same
     * matrix as a row-major n×n float array in the caller's sign, which the auction reads in place
     * (the effective cost is {@code (float) s} times an entry: exact), or null (then a float copy
     * of the effective costs is made from {@code rows}). Returns the candidate lists the bids read when
     * {@code source} was given (still valid at the final prices {@code v}, which only fell while they
     * were built: {@link TightAssignments} reads its windows from them), else null.
     */
    static CandidateLists run(int n, double[][] rows, int[] offs, double s, double lo, double hi, double[] v,
                              int[] x, int[] y, int skipPhases, float[] source) {
        return run(n, rows, offs, s, lo, hi, v, x, y, skipPhases, source, true);
    }

    /**
     * As above; {@code lists} allows candidate-list bids (from n = {@link #LISTS_MIN_N}), which give
     * the same results as full-row bids. Warm starts use them; cold solves only when the column
     * reduction left most rows free (low rank, as gradient matrices): on near-permutation matrices a
     * row bids only a few times per phase and lists made the solve 3.5 times slower (n = 2048, 4096).
     */
    static CandidateLists run(int n, double[][] rows, int[] offs, double s, double lo, double hi, double[] v,
                              int[] x, int[] y, int skipPhases, float[] source, boolean lists) {
        float[] c; // the effective costs are sign * c
        float sign;
        if (source != null) { // read in place: no copy of the n×n floats
            c = source;
            sign = (float) s;
        } else {
            c = new float[n * n];
            sign = 1f;
            for (int i = 0; i < n; i++) {
                double[] row = rows[i];
                int off = offs[i];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] = (float) (s * row[off + j]);
                }
            }
        }
        float[] p = new float[n];
        for (int j = 0; j < n; j++) {
            p[j] = (float) v[j];
        }
        int[] queue = new int[n];
        // bids through per-row candidate lists: the same answers as full-row scans, mostly reading
        // a few dozen entries (exact because prices only fall during the auction)
        // a cold auction's lists fail often (its coarse phases move prices far): a second thread rebuilds those
        // of the rows about to bid (ListPrefetcher). The ten FGMT matrices (n = 4096) replayed, both versions in
        // one JVM, rounds interleaved, four JVMs: the cold solve's median 263-345 -> 228-294 ms (9-19 % less in
        // every JVM), same answers; in warm solves it gained nothing (+-5 %, the noise), so they run alone
        boolean helped = lists && n >= LISTS_MIN_N && RowSplit.parts(n) >= 2 && skipPhases == 0;
        CandidateLists candidates = lists && n >= LISTS_MIN_N
                ? new CandidateLists(c, sign, n, Math.min(CANDIDATES, n), helped) : null;
        if (candidates != null && skipPhases > 0) {
            // a warm start's prices move little: lists built for every row up front, over both cores, mostly
            // stay valid. Ten FGMT matrices (n = 4096) replayed, six JVMs in both orders: the nine warm solves
            // 520 -> 472 ms (every JVM faster), same answers; up front in cold solves it was 11 % slower in the one
            // JVM tried (their coarse phases move the prices far before most rows bid)
            candidates.buildAll(p);
        }
        ListPrefetcher helper = helped ? new ListPrefetcher(candidates, queue, p, n) : null;
        ForkJoinTask<?> helping = helper == null ? null : ForkJoinTask.adapt(helper).fork();
        try {
            bidPhases(n, c, sign, lo, hi, p, x, y, skipPhases, candidates, queue, helper);
        } finally {
            if (helper != null) {
                helper.stop();
                helping.join();
            }
        }
        for (int j = 0; j < n; j++) {
            v[j] = p[j];
        }
        return source != null ? candidates : null;
    }

    /**
     * The ε-scaling phases: each from an empty assignment with every row queued, bids in FIFO
     * order until every row is assigned (or the phase's bid budget is spent: then the auction
     * stops). {@code helper}, when not null, is told the queue's progress every few bids.
     */
    private static void bidPhases(int n, float[] c, float sign, double lo, double hi, float[] p, int[] x, int[] y,
                                  int skipPhases, CandidateLists candidates, int[] queue, ListPrefetcher helper) {
        float[] two = new float[2];
        double range = hi - lo;
        double finalEps = finalEps(lo, hi);
        double eps = range;
        for (int k = 0; k < skipPhases && eps / THETA > finalEps; k++) {
            eps /= THETA;
        }
        do {
            eps /= THETA;
            float e = (float) eps;
            Arrays.fill(x, -1);
            Arrays.fill(y, -1);
            for (int i = 0; i < n; i++) {
                queue[i] = i;
            }
            if (helper != null) {
                helper.startPhase();
            }
            int head = 0;
            int size = n;
            int taken = 0;
            int added = n;
            long budget = BIDS_PER_ROW * n;
            while (size > 0 && --budget >= 0) {
                int i = queue[head];
                head = head + 1 == n ? 0 : head + 1;
                size--;
                taken++;
                int j1 = candidates != null ? candidates.bid(i, p, two)
                        : AuctionKernel.bid(c, sign, i * n, p, n, two);
                p[j1] -= (two[1] - two[0]) + e; // j1 becomes e worse than i's second best
                int prev = y[j1];
                y[j1] = i;
                x[i] = j1;
                if (prev >= 0) {
                    x[prev] = -1;
                    int tail = head + size;
                    queue[tail >= n ? tail - n : tail] = prev;
                    size++;
                    added++;
                }
                if (helper != null && (taken & 3) == 0) {
                    helper.moved(taken, added);
                }
            }
            if (budget < 0) {
                break;
            }
        } while (eps > finalEps);
    }
}
