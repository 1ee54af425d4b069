package dev.ltx.transfer.lap;

import java.util.Arrays;

/**
 * Jonker-Volgenant (Computing 38, 1987) for a dense square problem: column reduction, reduction
 * transfer, a bounded number of augmenting row reduction passes, then one shortest augmenting
 * path (Dijkstra with the "scan" of every column at the current minimum distance) per remaining
 * free row. One method per phase. On low-rank or large square problems the middle phases are
 * replaced by an auction warm start ({@link AuctionWarmStart}, see {@link #useAuction}).
 * {@link #solveFrom} starts from caller-supplied column potentials instead of the column
 * reduction.
 *
 * <p>Costs are read through {@link CostRows}: {@code s * rows[i][offs[i] + j]} or {@code s * f[i * n + j]}
 * with {@code s = +1} (minimize) or {@code -1} (maximize), so neither a flat, a row-array nor a float
 * matrix is copied, and padding rows of a rectangular problem can share one zero array. Effective
 * costs must be finite or {@code +inf}
 * (forbidden); NaN and {@code -inf} are rejected by the column reduction, which reads every entry.
 *
 * <p>Ties are broken deterministically, lowest index first: column minima go to the lowest row;
 * columns are handed out in increasing order; a row's minimum reduced cost is taken at the
 * lowest-index free column among equals, else the lowest-index column; a shortest path ends at
 * the lowest-index free column at the final distance. A constant matrix gives the identity. The
 * auction warm start is deterministic too (rows bid in FIFO order, ties to the lowest column).
 *
 * <p>Invariant after each phase: {@code v} is dual feasible, and every assigned row's column is a
 * minimum of its reduced costs {@code c[i][j] - v[j]}, so {@code u[i]} is implicit. Infinite
 * loops are impossible: every loop is bounded by {@code n} or by an explicit step budget, and an
 * unreachable free column ends the search with {@link InfeasibleAssignmentException}.
 */
final class JonkerVolgenant {
    /** Augmenting row reduction passes, as in the original paper and lapjv. */
    private static final int ARR_PASSES = 2;
    /**
     * Step budget of one augmenting row reduction pass, per row. Long eviction chains have
     * diminishing returns; on uniform and inner-product matrices (n = 1024, 2048) 2 steps per row
     * was fastest overall (1, 2, 4, 8, 16 tried), leaving a few percent of rows to the shortest
     * path phase. It also guarantees termination under floating-point ties.
     */
    private static final long ARR_STEPS_PER_ROW = 2;
    private static final double INF = Double.POSITIVE_INFINITY;
    /**
     * Size from which the auction warm start is used even when the column reduction went well:
     * measured faster on uniform, Gaussian inner-product and low-rank matrices at n = 2048 and
     * 4096 (about 2x), slower on uniform ones at n = 512 and 1024.
     */
    private static final int AUCTION_MIN_N = 2048;
    /** Largest matrix for the auction's float copy (512 MiB). */
    private static final long AUCTION_MAX_ENTRIES = 1L << 27;
    /**
     * Coarse ε-scaling phases of the auction skipped by a warm start. Measured on the real FGMT
     * gradient matrices (n = 4096, step t warm-started from step t − 1's duals): 2 skipped phases
     * took 46-76k bids per solve, 3 took 37-93k, 4 took 50-177k; a cold solve takes 100-145k. With
     * candidate lists a bid mostly costs a list read and the rebuilds dominate: 3 skipped phases
     * rebuild 17 % fewer lists than 2 for the same bids in all; the nine warm solves of the MNIST
     * 2-MLP's FGMT (replayed, rounds interleaved in one JVM) took 624-785 ms against 767-934 ms
     * (4 phases: 617-749 ms, but 50 % more bids, which full-row auctions pay for). Same permutations.
     */
    private static final int WARM_SKIPPED_PHASES = 3;

    final int n;
    final CostRows c;
    final double s;
    final ErrorNames names;
    private final boolean padded;

    /**
     * Whether a NaN or infinite entry of the float source is an error ({@link NonFiniteCostException})
     * rather than left to {@link #scanRow} (which accepts the forbidding infinity).
     */
    boolean requireFinite;

    /** The matrix as the caller's row-major n×n float array, which the auction reads in place; null for double rows. */
    private final float[] floatSource;

    final int[] x; // row -> col
    final int[] y; // col -> row
    final double[] v;
    private int[] free;
    private int numFree;
    /** Smallest and largest finite effective cost, and whether {@code +inf} occurs. */
    private double lo = INF;
    private double hi = -INF;
    private boolean hasInf;
    /** {@link CostRows#foldRange}'s accumulator {lo, hi, hasInf}, reused across rows. */
    private final double[] rangeAcc = new double[3];

    /** Maps internal indices to the caller's names (rows and columns may be transposed). */
    interface ErrorNames {
        /** The entry (row, col), or the whole column when {@code row < 0}. */
        String entry(int row, int col);

        /** The internal row. */
        String row(int row);
    }

    /**
     * {@code padded}: some rows are identical zero padding of a rectangular problem; the auction
     * warm start is then not used (many identical bidders; measured on 24 x 2100 uniform: 4x
     * slower on a cold JVM, no faster warm).
     */
    JonkerVolgenant(CostRows c, boolean padded, ErrorNames names) {
        this.n = c.n;
        this.c = c;
        this.s = c.s;
        this.floatSource = c.floats();
        this.names = names;
        this.padded = padded;
        this.x = new int[n];
        this.y = new int[n];
        this.v = new double[n];
        Arrays.fill(x, -1);
        Arrays.fill(y, -1);
    }

    /** Runs every phase; on return {@code x, y, v} hold an optimal assignment and column duals. */
    void solve() {
        int[] matches = columnReduction();
        if (useAuction()) {
            // candidate lists only on the low-rank signature (column minima on few rows): there rows bid
            // many times; on near-permutation matrices they bid a few times and lists do not pay
            keepTightAssignments(AuctionWarmStart.run(n, c.doubleRows(), c.offsets(), s, lo, hi, v, x, y, 0, floatSource,
                    numFree > n / 2));
        } else {
            reductionTransfer(matches);
            for (int pass = 0; pass < ARR_PASSES && numFree > 0; pass++) {
                augmentingRowReduction();
            }
        }
        augmentFreeRows();
    }

    /**
     * Runs the phases from the column potentials {@code start} (effective-cost sign, length n,
     * finite) instead of the column reduction: the auction (from {@code start}, at a small ε),
     * or, where it may not be used, a greedy start (every row takes its lowest-index minimum
     * reduced cost column while that is still free) and augmenting row reduction; then the
     * shortest paths. Any {@code start} gives an optimum;
     * good ones (the duals of a nearby matrix) leave little work.
     */
    void solveFrom(double[] start) {
        if (!scanFloatSource()) {
            for (int i = 0; i < n; i++) {
                scanRow(i);
            }
        }
        System.arraycopy(start, 0, v, 0, n);
        if (auctionWhateverTheStart()) {
            // every auction phase starts from an empty assignment: a greedy one would be discarded
            // (two passes over the matrix, 17 % of a warm FGMT solve)
            free = new int[n];
        } else {
            greedyFromDuals();
        }
        if (useAuction()) {
            keepTightAssignments(AuctionWarmStart.run(n, c.doubleRows(), c.offsets(), s, lo, hi, v, x, y,
                    WARM_SKIPPED_PHASES, floatSource));
        } else {
            for (int pass = 0; pass < ARR_PASSES && numFree > 0; pass++) {
                augmentingRowReduction();
            }
        }
        augmentFreeRows();
    }

    private void augmentFreeRows() {
        int[] todo = Arrays.copyOf(free, numFree);
        ShortestPath sap = new ShortestPath(this);
        for (int f : todo) {
            sap.augment(f);
        }
    }

    /**
     * Rows in increasing order take the lowest-index column among their minimum reduced costs
     * {@code c[i][j] - v[j]} that is still free; the others stay free. Keeps the invariant.
     */
    private void greedyFromDuals() {
        int[] cand = new int[n];
        free = new int[n];
        numFree = 0;
        for (int i = 0; i < n; i++) {
            double min = c.rowMin(i, v);
            if (min == INF) {
                throw new InfeasibleAssignmentException(names.row(i)
                        + " has no finite cost: no complete assignment exists");
            }
            int count = c.atMost(i, v, min, cand);
            int take = -1;
            for (int q = 0; q < count && take < 0; q++) {
                if (y[cand[q]] < 0) {
                    take = cand[q];
                }
            }
            if (take >= 0) {
                x[i] = take;
                y[take] = i;
            } else {
                free[numFree++] = i;
            }
        }
    }

    /**
     * Whether to replace reduction transfer and augmenting row reduction by the auction warm
     * start: a square problem (no padding rows), every entry finite, the auction applicable ({@link AuctionWarmStart#applicable}), and
     * either the column reduction left more than half of the rows free (column minima
     * concentrated on few rows, the signature of low rank) or {@code n >= }
     * {@link #AUCTION_MIN_N}; and the float copy at most {@link #AUCTION_MAX_ENTRIES} entries.
     */
    private boolean useAuction() {
        return !padded && n > 1 && (long) n * n <= AUCTION_MAX_ENTRIES && !hasInf
                && AuctionWarmStart.applicable(lo, hi)
                && (numFree > n / 2 || n >= AUCTION_MIN_N);
    }

    /** {@link #useAuction} whatever the free rows are (from {@link #AUCTION_MIN_N}). */
    private boolean auctionWhateverTheStart() {
        return n >= AUCTION_MIN_N && useAuction();
    }

    /** The auction's assignment made tight, or freed ({@link TightAssignments}; {@code lists}: the auction's, or null). */
    private void keepTightAssignments(CandidateLists lists) {
        numFree = TightAssignments.repair(c, x, y, v, lo, hi, free, lists);
    }

    /** Effective cost of (i, j). */
    double cost(int i, int j) {
        return c.cost(i, j);
    }

    /**
     * v[j] = min_i c[i][j] (lowest row on ties); each column, in increasing order, is assigned to
     * its minimizing row if that row is still free. Rejects NaN and -inf. Returns per-row counts
     * of columns whose minimum lies in that row.
     */
    private int[] columnReduction() {
        boolean scanned = scanFloatSource();
        double[] vmin = v;
        int[] arg = new int[n];
        if (scanned) { // every entry finite: rows split over threads
            c.columnMinima(vmin, arg);
        } else {
            Arrays.fill(vmin, INF);
            Arrays.fill(arg, -1);
            for (int i = 0; i < n; i++) {
                c.columnMin(i, vmin, arg);
                scanRow(i); // separate pass: the min loop stays branch-light
            }
        }
        int[] matches = new int[n];
        for (int j = 0; j < n; j++) {
            int i = arg[j];
            if (i < 0) {
                throw new InfeasibleAssignmentException(names.entry(-1, j)
                        + " has no finite cost: no complete assignment exists");
            }
            if (matches[i]++ == 0) {
                x[i] = j;
                y[j] = i;
            }
        }
        free = new int[n];
        numFree = 0;
        for (int i = 0; i < n; i++) {
            if (matches[i] == 0) {
                free[numFree++] = i;
            }
        }
        return matches;
    }

    /**
     * Sets {@code lo} and {@code hi} from one vectorized pass over the float source when every entry
     * of it is finite (the rows are its exact widening, so their range is the same); false, leaving
     * everything to {@link #scanRow} (which names an offending entry), when there is no float
     * source or it holds a NaN or an infinity.
     */
    private boolean scanFloatSource() {
        if (floatSource == null) {
            return false;
        }
        int parts = RowSplit.parts(n);
        float[][] ranges = new float[parts][2];
        RowSplit.run(n, parts, (part, from, to) -> AuctionKernel.minMax(floatSource, from * n, to * n, ranges[part]));
        float[] range = ranges[0];
        for (float[] r : ranges) { // NaN propagates through min and max
            range[0] = Math.min(range[0], r[0]);
            range[1] = Math.max(range[1], r[1]);
        }
        if (!Float.isFinite(range[0]) || !Float.isFinite(range[1])) {
            if (requireFinite) {
                throw firstNonFinite();
            }
            return false;
        }
        lo = Math.min(lo, s > 0 ? range[0] : -(double) range[1]);
        hi = Math.max(hi, s > 0 ? range[1] : -(double) range[0]);
        return true;
    }

    /** The error naming the float source's first NaN or infinite entry (row-major; one must exist). */
    private NonFiniteCostException firstNonFinite() {
        for (int k = 0; k < floatSource.length; k++) {
            if (!Float.isFinite(floatSource[k])) {
                int i = k / n;
                int j = k % n;
                return new NonFiniteCostException(i, j, names.entry(i, j) + " is " + floatSource[k]
                        + ": every entry must be finite");
            }
        }
        throw new IllegalStateException("the range was not finite, but every entry is");
    }

    /**
     * Folds row i into {@code lo}, {@code hi} and {@code hasInf}; rejects NaN and the wrong
     * infinity with the entry's name.
     */
    private void scanRow(int i) {
        double[] acc = rangeAcc;
        acc[0] = lo;
        acc[1] = hi;
        acc[2] = hasInf ? 1 : 0;
        int bad = c.foldRange(i, acc);
        lo = acc[0];
        hi = acc[1];
        hasInf = acc[2] != 0;
        if (bad >= 0) {
            throw new IllegalArgumentException(names.entry(i, bad) + " is " + c.raw(i, bad)
                    + ": NaN and " + (s > 0 ? "-Infinity" : "+Infinity (when maximizing)")
                    + " are not allowed; use " + (s > 0 ? "+Infinity" : "-Infinity")
                    + " to forbid a pair");
        }
    }

    /**
     * For each row that received exactly one column j1 in the column reduction, lowers v[j1] by
     * the gap between the row's second smallest and smallest reduced costs, keeping j1 a row
     * minimum while making the other columns relatively cheaper for later rows.
     */
    private void reductionTransfer(int[] matches) {
        for (int i = 0; i < n; i++) {
            if (matches[i] != 1) {
                continue;
            }
            int j1 = x[i];
            double second = c.smallestExcept(i, v, j1);
            double gap = second - (cost(i, j1) - v[j1]);
            if (gap > 0 && gap < INF) {
                v[j1] -= gap;
            }
        }
    }

    /**
     * One pass of augmenting row reduction over the free rows. Each free row takes the column of
     * its smallest reduced cost u1 (lowering that column's v to its second smallest u2 when
     * u1 < u2) and evicts the previous owner, which is retried at once if v strictly decreased,
     * else deferred to the next pass. A row whose only finite entry is taken is left for the
     * shortest path phase. The pass is capped at {@link #ARR_STEPS_PER_ROW} steps per row, which
     * also rules out cycling under floating-point ties; any prefix of a pass keeps the invariant.
     */
    private void augmentingRowReduction() {
        int prvNumFree = numFree;
        numFree = 0;
        int k = 0;
        long budget = ARR_STEPS_PER_ROW * n + 64;
        double[] lanes = new double[2 * SapKernel.laneCount()];
        double[] two = new double[2];
        int[] cand = new int[n];
        while (k < prvNumFree) {
            if (--budget < 0) { // leave the unprocessed rows free
                System.arraycopy(free, k, free, numFree, prvNumFree - k);
                numFree += prvNumFree - k;
                return;
            }
            int i = free[k++];
            c.twoSmallest(i, v, lanes, two);
            double u1 = two[0];
            double u2 = two[1];
            if (u1 == INF) {
                throw new InfeasibleAssignmentException(names.row(i)
                        + " has no finite cost: no complete assignment exists");
            }
            // Columns at the two smallest values; rank by (value, assigned?, index).
            int count = c.atMost(i, v, u2 == INF ? u1 : u2, cand);
            int j1 = -1;
            int j2 = -1;
            double h1 = INF;
            double h2 = INF;
            for (int q = 0; q < count; q++) {
                int j = cand[q];
                double h = cost(i, j) - v[j];
                if (j1 < 0 || h < h1 || (h == h1 && y[j1] >= 0 && y[j] < 0)) {
                    j2 = j1;
                    h2 = h1;
                    j1 = j;
                    h1 = h;
                } else if (j2 < 0 || h < h2 || (h == h2 && y[j2] >= 0 && y[j] < 0)) {
                    j2 = j;
                    h2 = h;
                }
            }
            int i0 = y[j1];
            boolean decreased = false;
            if (u2 == INF) { // only one finite entry: no room to move v
                if (i0 >= 0) {
                    free[numFree++] = i;
                    continue;
                }
            } else {
                double vNew = v[j1] - (u2 - u1);
                if (vNew < v[j1]) {
                    v[j1] = vNew;
                    decreased = true;
                } else if (i0 >= 0) {
                    j1 = j2;
                    i0 = y[j2];
                }
            }
            if (i0 >= 0) {
                x[i0] = -1;
                if (decreased) {
                    free[--k] = i0;
                } else {
                    free[numFree++] = i0;
                }
            }
            x[i] = j1;
            y[j1] = i;
        }
    }
}
