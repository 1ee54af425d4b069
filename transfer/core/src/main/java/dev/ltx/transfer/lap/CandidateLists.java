package dev.ltx.transfer.lap;

import java.util.concurrent.atomic.AtomicIntegerArray;

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
 *
 * <p>Shared lists ({@code shared}): a {@link ListPrefetcher} may rebuild lists on a second thread
 * ({@link #prefetch}) while the auction's thread bids. Each row's list is then claimed by one thread
 * at a time (a compare-and-set per bid; a bid whose row the prefetcher holds waits for it, briefly,
 * else scans the row); the prices are read by the prefetcher without synchronization, which keeps
 * every list valid because prices only fall (see {@link #prefetch}). Bids are the full scan's
 * either way, so the auction's results never depend on the second thread.
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
    /** Lists rebuilt by a {@link ListPrefetcher} (written by its thread only). */
    private long prefetched;
    /** The margin of the last list built (0: none yet): the start of a row's first rebuild. */
    private float lastMargin;
    /**
     * Per-row claims when a {@link ListPrefetcher} shares the lists (null otherwise): 1 while one
     * thread reads or writes row i's list, at index {@code i * CLAIM_STRIDE} (one cache line per row).
     */
    private final AtomicIntegerArray claims;
    private static final int CLAIM_STRIDE = 16;
    /** How long a bid waits for the prefetcher to release its row before scanning the row itself. */
    private static final long CLAIM_WAIT_NANOS = 50_000;

    /**
     * Lists of up to {@code cap} columns (2 ≤ cap ≤ n) over the effective costs {@code sign·c}
     * ({@code c} n×n, row-major; {@code sign} ±1).
     */
    CandidateLists(float[] c, float sign, int n, int cap) {
        this(c, sign, n, cap, false);
    }

    /**
     * As above; {@code shared}: a {@link ListPrefetcher} will rebuild lists on another thread
     * ({@link #prefetch}) while this one bids, each row's list claimed by one of them at a time.
     */
    CandidateLists(float[] c, float sign, int n, int cap, boolean shared) {
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
        this.claims = shared ? new AtomicIntegerArray(n * CLAIM_STRIDE) : null;
    }

    /** Lists (re)built so far. */
    long rebuilds() {
        return rebuilds;
    }

    /** Lists rebuilt by {@link #prefetch} so far (read once its thread has stopped). */
    long prefetched() {
        return prefetched;
    }

    /**
     * The bid of row {@code i} at prices {@code p}: as {@link AuctionKernel#bid} (same column, same
     * {@code out[0]} and {@code out[1]}), valid as long as prices have only fallen since the row's
     * list was built.
     */
    int bid(int i, float[] p, float[] out) {
        if (claims == null) {
            return bidOwned(i, p, out);
        }
        if (!claim(i)) { // the prefetcher is rebuilding the list for too long (descheduled?): scan the row
            return AuctionKernel.bid(c, sign, i * n, p, n, out);
        }
        try {
            return bidOwned(i, p, out);
        } finally {
            claims.setRelease(i * CLAIM_STRIDE, 0);
        }
    }

    /**
     * Claims row i for the bidder, waiting while the prefetcher holds it (it is then rebuilding the
     * list the bid needs, a few microseconds) up to {@link #CLAIM_WAIT_NANOS}; false if still held.
     */
    private boolean claim(int i) {
        int k = i * CLAIM_STRIDE;
        if (claims.compareAndSet(k, 0, 1)) {
            return true;
        }
        long deadline = System.nanoTime() + CLAIM_WAIT_NANOS;
        do {
            Thread.onSpinWait();
            if (claims.get(k) == 0 && claims.compareAndSet(k, 0, 1)) {
                return true;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** {@link #bid} with row i's list held by this thread. */
    private int bidOwned(int i, float[] p, float[] out) {
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

    /**
     * Called by a {@link ListPrefetcher}'s thread while another bids ({@code shared} lists): rebuilds
     * row i's list at {@code p} unless it would still vouch for a bid there or the bidding thread
     * holds it. {@code p} is read without synchronization while the bidder lowers it, which keeps a
     * list valid: a value read is never below the price at any later bid of the row (prices only
     * fall, and the bidder only reads the list after this thread releases it), so every column
     * left out has had a reduced cost of at least {@code tau} since. {@code start}: this thread's
     * last accepted margin (0: none); returns the margin to start the next rebuild from.
     */
    float prefetch(int i, float[] p, float[] out, float start) {
        if (vouches(i, p, out)) { // a first look without the claim (a torn read only misjudges)
            return start;
        }
        int k = i * CLAIM_STRIDE;
        if (!claims.compareAndSet(k, 0, 1)) {
            return start;
        }
        try {
            boolean listed = len[i] > 0;
            if (listed && vouches(i, p, out)) {
                return start;
            }
            float min = listed && out[0] < tau[i] ? out[0] : AuctionKernel.rowMin(c, sign, i * n, p, n);
            float d = build(i, p, min, start);
            prefetched++;
            return d > 0 ? d : start;
        } finally {
            claims.setRelease(k, 0);
        }
    }

    /**
     * Row i's columns whose value {@code h = sign·c - p} is below {@code t = Math.nextUp(min + reach)},
     * {@code min} the row's minimum of h, in increasing order into {@code out} (count returned; more
     * than {@code cap}: {@code cap + 1}, the rest unspecified), read from the row's list alone; or −1
     * when the list cannot say (no list, its minimum not below its threshold, or the threshold not at
     * least {@code t}): then only the row can. The same columns, order and count as
     * {@code AuctionKernel.collectBelow(c, sign, i·n, p, n, Math.nextUp(AuctionKernel.rowMin(...) + reach), ...)}
     * (the values are the same float operations; every column outside the list has {@code h >= tau >= t}).
     * Read-only: rows may be queried from several threads at once while nobody bids.
     * {@code two}: scratch of two floats.
     */
    int window(int i, float[] p, float reach, int[] out, int cap, float[] two) {
        int size = len[i];
        if (size == 0) {
            return -1;
        }
        int base = i * stride;
        AuctionKernel.listMinima(idx, cost, base, padded(size), p, two);
        float limit = tau[i];
        if (!(two[0] < limit && two[1] <= limit)) {
            return -1;
        }
        float t = Math.nextUp(two[0] + reach);
        if (!(limit >= t)) {
            return -1;
        }
        int count = 0;
        for (int q = base; q < base + size; q++) {
            if (cost[q] - p[idx[q]] < t) {
                if (count == cap) {
                    return cap + 1;
                }
                out[count++] = idx[q];
            }
        }
        return count;
    }

    /** Whether row i's list would answer a bid at {@code p} (its minimum and second at most tau). */
    private boolean vouches(int i, float[] p, float[] out) {
        int size = len[i];
        if (size == 0) {
            return false;
        }
        AuctionKernel.listMinima(idx, cost, i * stride, padded(size), p, out);
        float limit = tau[i];
        return out[0] < limit && out[1] <= limit;
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
