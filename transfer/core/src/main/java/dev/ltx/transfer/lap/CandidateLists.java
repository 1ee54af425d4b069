package dev.ltx.transfer.lap;

/**
 * Per-row candidate lists that make most bids of {@link AuctionWarmStart} read a few dozen entries
 * instead of a whole row, with exactly the answer of the full scan ({@link AuctionKernel#bid}).
 *
 * <p>Why it is exact: within one auction prices only fall, so every reduced cost
 * {@code h[j] = c[i][j] - p[j]} only rises. A row's list holds, in increasing index order with
 * their costs, every column whose {@code h} was below a threshold {@code tau} when the list was
 * built; every other column has had {@code h >= tau} since. So when the list's best value
 * {@code a} is below {@code tau} and its second {@code b} is at most {@code tau}, the best column
 * overall is the list's (the lowest index among equals: no outside column can tie at {@code a}),
 * and the second smallest value overall is {@code b}. Otherwise the row's list is rebuilt at the
 * current prices and tried again; if even that fails, the bid falls back to the full scan.
 *
 * <p>A rebuild is one vectorized pass over the row for its minimum (none when the failed list's
 * minimum is below its tau: then it is the row's) plus threshold passes over the
 * row (recomputing {@code sign·c - p}, which stays in cache): {@code tau} is the row minimum plus a per-row margin, halved when
 * the list would exceed its capacity and doubled while it would hold less than an eighth of it
 * (at least two columns are needed; after an overshoot any count from two is taken; a quarter
 * took about 7% more solver time on the ten FGMT matrices, in more threshold passes). A row's
 * first rebuild starts from the margin of the last list built (rows of one matrix have similar
 * spreads near their minima), not from a thousandth of its minimum: that start took five or more
 * doubling passes on most rows; on the ten FGMT matrices (replayed, both versions in one JVM, six
 * JVMs in both orders) threshold passes fell by 30-45 %, the cold solve 290 → 283 ms and the nine
 * warm ones 549 → 526 ms, with the same bids and duals. Warm starts build every row's list up
 * front over the threads ({@link #buildAll}). The
 * lists keep the candidates' costs beside their indices, so a bid reads the list and the prices
 * of its columns, not a row of the n×n matrix: vectors of the list's costs minus gathered prices
 * ({@link AuctionKernel#listBid}; the ten FGMT solves of the MNIST 2-MLP, n = 4096, replayed: warm
 * 0.94 s → 0.85 s and cold 0.36 s → 0.32 s against the scalar loop over the list, same duals).
 */
final class CandidateLists {
    /** Threshold attempts per rebuild before giving up on the row's list (then: full scans). */
    private static final int MAX_TRIES = 40;

    private final float[] c;
    private final float sign;
    private final int n;
    private final int cap;
    /** Positions per row: cap rounded up to the vector length (the tail padded with +inf costs). */
    private final int stride;
    private final int[] idx;
    private final float[] cost;
    private final int[] len;
    private final float[] tau;
    private final float[] margin;
    private long rebuilds;
    /** The margin of the last list built (0: none yet): the start of a row's first rebuild. */
    private float lastMargin;

    /**
     * Lists of up to {@code cap} columns (2 ≤ cap ≤ n) over the effective costs {@code sign·c}
     * ({@code c} n×n, row-major; {@code sign} ±1).
     */
    CandidateLists(float[] c, float sign, int n, int cap) {
        if (cap < 2 || cap > n) {
            throw new IllegalArgumentException("need 2 <= cap <= n, got cap = " + cap + ", n = " + n);
        }
        this.c = c;
        this.sign = sign;
        this.n = n;
        this.cap = cap;
        this.stride = padded(cap);
        this.idx = new int[n * stride];
        this.cost = new float[n * stride];
        this.len = new int[n]; // 0: no list yet (or given up)
        this.tau = new float[n];
        this.margin = new float[n];
    }

    /** Lists (re)built so far. */
    long rebuilds() {
        return rebuilds;
    }

    /**
     * The bid of row {@code i} at prices {@code p}: as {@link AuctionKernel#bid} (same column, same
     * {@code out[0]} and {@code out[1]}), valid as long as prices have only fallen since the row's
     * list was built.
     */
    int bid(int i, float[] p, float[] out) {
        int j1 = fromList(i, p, out);
        if (j1 >= 0) {
            return j1;
        }
        // a list minimum below tau is the row's minimum (every other column is at least tau): the
        // rebuild then needs no pass for it (a third of the rebuilds in FGMT's warm solves)
        float min = len[i] > 0 && out[0] < tau[i] ? out[0] : AuctionKernel.rowMin(c, sign, i * n, p, n);
        if (rebuild(i, p, min)) {
            j1 = fromList(i, p, out);
            if (j1 >= 0) {
                return j1;
            }
        }
        return AuctionKernel.bid(c, sign, i * n, p, n, out);
    }

    /**
     * The list's answer, or −1 when the row has no list or the list cannot vouch for it; with a
     * list, {@code out} holds the list's minimum and second smallest value either way.
     */
    private int fromList(int i, float[] p, float[] out) {
        int size = len[i];
        if (size == 0) {
            return -1;
        }
        int base = i * stride;
        int q = AuctionKernel.listBid(idx, cost, base, padded(size), p, out);
        float limit = tau[i];
        if (out[0] < limit && out[1] <= limit) {
            return idx[base + q];
        }
        return -1;
    }

    /** A list length rounded up to the vector length. */
    private static int padded(int size) {
        int len = AuctionKernel.S.length();
        return (size + len - 1) / len * len;
    }

    /**
     * Builds every row's list at prices {@code p} (the auction's start), the rows split over threads
     * ({@link RowSplit}): the first bid of each row then usually reads its list instead of rebuilding
     * it, one row at a time, on the auction's thread. Each range carries its own start margin, so
     * the lists may depend on the split; the bids never do (each equals the full scan).
     */
    void buildAll(float[] p) {
        RowSplit.run(n, RowSplit.parts(n), (part, from, to) -> {
            float start = 0;
            for (int i = from; i < to; i++) {
                float d = build(i, p, AuctionKernel.rowMin(c, sign, i * n, p, n), start);
                if (d > 0) {
                    start = d;
                }
            }
        });
        rebuilds += n;
    }

    /**
     * Rebuilds row i's list at {@code p}, whose row minimum is {@code min}; false when no threshold
     * gave 2..cap columns.
     */
    private boolean rebuild(int i, float[] p, float min) {
        rebuilds++;
        float d = build(i, p, min, lastMargin);
        if (d > 0) {
            lastMargin = d;
            return true;
        }
        return false;
    }

    /**
     * Builds row i's list at {@code p} (row minimum {@code min}), the margin search starting from the
     * row's last margin, else {@code start} when positive, else a thousandth of the minimum; returns
     * the accepted margin, or NaN when no threshold gave 2..cap columns (the row then has no list).
     * Touches row i's entries only.
     */
    private float build(int i, float[] p, float min, float start) {
        int off = i * n;
        int base = i * stride;
        float d = margin[i];
        if (!(d > 0) || !Float.isFinite(d)) {
            d = start > 0 ? start : Math.max(Math.abs(min), Float.MIN_NORMAL) * 1e-3f;
        }
        boolean overshot = false;
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            float t = min + d;
            if (!Float.isFinite(t)) {
                break;
            }
            int count = t > min ? AuctionKernel.collectBelow(c, sign, off, p, n, t, idx, base, cap) : 1;
            if (count > cap) {
                d *= 0.5f;
                overshot = true;
            } else if (count < 2 || (count < cap / 8 && !overshot)) {
                d *= 2f;
            } else {
                len[i] = count;
                tau[i] = t;
                margin[i] = d;
                for (int q = 0; q < count; q++) {
                    cost[base + q] = sign * c[off + idx[base + q]];
                }
                for (int q = count; q < padded(count); q++) { // never the minimum nor the second
                    idx[base + q] = 0;
                    cost[base + q] = Float.POSITIVE_INFINITY;
                }
                return d;
            }
        }
        len[i] = 0;
        return Float.NaN;
    }
}
