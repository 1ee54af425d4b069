package dev.ltx.transfer.lap;

/**
 * After the auction warm start: makes each row's auction column an exact minimum of its reduced
 * costs {@code c[i][j] - v[j]} by raising that column's dual by the row's slack (rows in
 * increasing order, each against the duals as raised so far), then frees every row whose column
 * a later raise (or rounding) left above the row's minimum, restoring {@link JonkerVolgenant}'s
 * invariant. The result is, bit for bit, that of two full passes that read every assigned row's
 * minimum before and after the raises; this reads each row once, split over threads.
 *
 * <p>Windows: first, at the starting duals, every assigned row's window, the columns within
 * {@code w} of its minimum (at most {@link #CAP}; on a float matrix found by a float screen,
 * {@code Screen}, that allows for the float rounding), rows in parallel ({@link RowSplit}). Duals
 * only rise here, each column's at most once, by its row's slack; so while no raise exceeded
 * {@code w / 2}, a column outside a row's window stays above the row's starting minimum, which
 * its minimum column (inside the window) never exceeds, and the row's current minimum is the
 * smallest of its window's exact values (doubles computed as the full pass computes them).
 * Both sequential passes then read only windows; a row whose window overflowed, or any row once
 * a raise exceeded {@code w / 2}, is read in full as before. On the ten FGMT matrices of the
 * MNIST 2-MLP (n = 4096, about 1,700 raises per warm solve; replayed, interleaved runs), the
 * same duals and assignments: a first version, windows screened row by row at the current duals
 * on one thread, took 10-11 ms per warm solve instead of 16-17 ms for the two full passes; with
 * the windows taken at the starting duals over two threads (and the range scan split too) the
 * ten solves went from 347 + 667 ms (cold + warm) to 309 + 562 ms.
 *
 * <p>After an auction with candidate lists on a float matrix, a row whose list covers its window
 * (the list vouches for the row's minimum at the final prices and its threshold is at least the
 * window's bound) is not read at all: its window comes from the list, the same columns in the same
 * order ({@link CandidateLists#window}). On the FGMT matrices 75-89 % of the rows' lists cover their
 * windows; the nine warm solves (replayed, both versions in one JVM, ten interleaved rounds) went
 * from a median of 501 to 483 ms, the same permutations.
 */
final class TightAssignments {
    /** Largest window kept per row. */
    static final int CAP = 32;
    /** Window relative to the cost range. */
    private static final double RELATIVE_WINDOW = 1e-3;

    private TightAssignments() {
    }

    /**
     * Repairs {@code x}, {@code y} and {@code v} as described above, writes the free rows in
     * increasing order to {@code free} and returns their count. {@code lo} and {@code hi}: the
     * smallest and largest effective cost (finite).
     */
    static int repair(CostRows c, int[] x, int[] y, double[] v, double lo, double hi, int[] free) {
        return repair(c, x, y, v, lo, hi, free, null);
    }

    /**
     * As above; {@code lists}: the candidate lists of the auction whose final prices {@code v} holds
     * ({@link AuctionWarmStart#run}), or null. A row whose list holds its whole window is not read:
     * the same window, bit for bit ({@link CandidateLists#window}).
     */
    static int repair(CostRows c, int[] x, int[] y, double[] v, double lo, double hi, int[] free,
                      CandidateLists lists) {
        int n = c.n;
        double big = Math.max(Math.abs(lo), Math.abs(hi));
        for (double d : v) {
            big = Math.max(big, Math.abs(d));
        }
        double w = (hi - lo) * RELATIVE_WINDOW;
        if (!(w > 0x1p20 * Math.ulp(big)) || !Double.isFinite(w)) {
            w = 0; // not far above the reduced costs' rounding: no windows
        }
        int[] windows = null;
        int[] sizes = null; // -1: read the row
        if (w > 0) {
            windows = new int[n * CAP];
            sizes = windowsAtStart(c, x, v, big, w, windows, lists);
        }
        double maxRaise = 0;
        for (int i = 0; i < n; i++) {
            int j = x[i];
            if (j < 0) {
                continue;
            }
            double min = maxRaise <= w / 2 && sizes != null && sizes[i] >= 0
                    ? windowMin(c, v, i, windows, i * CAP, sizes[i], Double.POSITIVE_INFINITY) : c.rowMin(i, v);
            double slack = c.cost(i, j) - v[j] - min;
            if (slack > 0) {
                v[j] += slack;
                maxRaise = Math.max(maxRaise, slack);
            }
        }
        boolean windowsHold = sizes != null && maxRaise <= w / 2;
        int numFree = 0;
        for (int i = 0; i < n; i++) {
            int j = x[i];
            if (j >= 0) {
                double h = c.cost(i, j) - v[j];
                double min = windowsHold && sizes[i] >= 0 ? windowMin(c, v, i, windows, i * CAP, sizes[i], h)
                        : c.rowMin(i, v);
                if (h > min) {
                    x[i] = -1;
                    y[j] = -1;
                }
            }
            if (x[i] < 0) {
                free[numFree++] = i;
            }
        }
        return numFree;
    }

    /**
     * Each assigned row's window at the starting duals {@code v}: every column whose reduced cost is
     * within {@code w} of the row's minimum (or more), into {@code windows[i * CAP ..]}; returns the
     * sizes, -1 where the window would exceed {@link #CAP}. The rows are independent (the duals do not
     * change here), so the pass is split over threads ({@link RowSplit}).
     */
    private static int[] windowsAtStart(CostRows c, int[] x, double[] v, double big, double w, int[] windows,
                                        CandidateLists lists) {
        int n = c.n;
        int[] sizes = new int[n];
        Screen screen = c.floats() != null && 4 * big < 1e37 ? new Screen(c, v, big, w, lists) : null;
        RowSplit.run(n, RowSplit.parts(n), (part, from, to) -> {
            int[] cand = new int[CAP + 1];
            float[] two = new float[2];
            for (int i = from; i < to; i++) {
                if (x[i] < 0) {
                    continue;
                }
                int count = screen != null ? screen.candidates(i, cand, two) : c.atMost(i, v, c.rowMin(i, v) + w, cand);
                if (count <= CAP) {
                    System.arraycopy(cand, 0, windows, i * CAP, count);
                    sizes[i] = count;
                } else {
                    sizes[i] = -1;
                }
            }
        });
        return sizes;
    }

    /** The smallest of {@code start} and row i's reduced costs at the columns {@code cols[from..from+size)}. */
    private static double windowMin(CostRows c, double[] v, int i, int[] cols, int from, int size, double start) {
        double min = start;
        for (int q = from; q < from + size; q++) {
            int k = cols[q];
            min = Math.min(min, c.cost(i, k) - v[k]);
        }
        return min;
    }

    /**
     * The first pass's float screen over a float matrix: the reduced costs in float
     * ({@code sign·c - (float) v}, twice as many lanes as doubles and no widening) find the
     * columns within {@code w + delta} of the float minimum, where {@code delta} bounds twice the
     * float rounding; they include the exact minimum's column and every column within {@code w}
     * of the exact minimum, whose exact values (doubles, as the full pass computes them) the
     * caller then takes.
     */
    private static final class Screen {
        private final float[] f;
        private final float sign;
        private final int n;
        private final float[] vf;
        private final float reach;
        /** The auction's lists at these prices, or null. */
        private final CandidateLists lists;

        Screen(CostRows c, double[] v, double big, double w, CandidateLists lists) {
            this.lists = lists;
            this.f = c.floats();
            this.sign = (float) c.s;
            this.n = c.n;
            this.vf = new float[n];
            for (int j = 0; j < n; j++) {
                vf[j] = (float) v[j];
            }
            // |float value - exact value| <= ulp(v)/2 + ulp(result)/2 <= ulp(4 big); delta = 8 of
            // those also covers the rounding of the threshold
            double delta = 8.0 * Math.ulp((float) (4 * big));
            this.reach = Math.nextUp((float) (w + delta));
        }

        /**
         * Writes the candidate columns of row i to {@code cand}; returns their count, or more than {@link #CAP}.
         * From the row's candidate list when it holds them all (most rows after an FGMT auction), else
         * from the row. {@code two}: scratch.
         */
        int candidates(int i, int[] cand, float[] two) {
            if (lists != null) {
                int count = lists.window(i, vf, reach, cand, CAP, two);
                if (count >= 0) {
                    return count;
                }
            }
            int off = i * n;
            float min = AuctionKernel.rowMin(f, sign, off, vf, n);
            return AuctionKernel.collectBelow(f, sign, off, vf, n, Math.nextUp(min + reach), cand, 0, CAP);
        }
    }
}
