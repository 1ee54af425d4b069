package dev.ltx.transfer.lap;

/**
 * After the auction warm start: makes each row's auction column an exact minimum of its reduced
 * costs {@code c[i][j] - v[j]} by raising that column's dual by the row's slack (rows in
 * increasing order, each against the duals as raised so far), then frees every row whose column
 * a later raise (or rounding) left above the row's minimum, restoring {@link JonkerVolgenant}'s
 * invariant. The result is, bit for bit, that of two full passes that read every assigned row's
 * minimum before and after the raises; this reads each row once.
 *
 * <p>First pass: on a float matrix a float screen ({@code Screen}) finds the columns within a
 * window {@code w} (plus the float rounding) of the row's minimum, and the row's exact minimum is
 * the smallest of their exact double values; elsewhere, or when the window holds more than
 * {@link #CAP} columns, the row is read in doubles. Second pass: duals only rise here, each
 * column's at most once, by its row's slack; so when no raise exceeded {@code w / 2}, a column
 * outside a row's window stays above the row's first-pass minimum, which no longer drops below
 * the window's minimum, and the row's final minimum is the minimum over its window (and its own
 * column). Otherwise the row is read again. On the ten FGMT matrices of the MNIST 2-MLP (n = 4096,
 * about 1,700 raises per warm solve; replayed, interleaved runs) the repair took 10-11 ms per warm
 * solve instead of 16-17 ms, the same duals and assignments.
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
        int n = c.n;
        double big = Math.max(Math.abs(lo), Math.abs(hi));
        for (double d : v) {
            big = Math.max(big, Math.abs(d));
        }
        double w = (hi - lo) * RELATIVE_WINDOW;
        if (!(w > 0x1p20 * Math.ulp(big)) || !Double.isFinite(w)) {
            w = 0; // not far above the reduced costs' rounding: no windows
        }
        Screen screen = c.floats() != null && 4 * big < 1e37 ? new Screen(c, v, big, w) : null;
        int[] windows = w > 0 ? new int[n * CAP] : null;
        int[] sizes = new int[n]; // -1: read the row again
        int[] cand = new int[CAP + 1];
        double maxRaise = 0;
        for (int i = 0; i < n; i++) {
            int j = x[i];
            if (j < 0) {
                continue;
            }
            int count;
            double min;
            if (screen != null && (count = screen.candidates(i, cand)) <= CAP) {
                min = windowMin(c, v, i, cand, 0, count, Double.POSITIVE_INFINITY);
            } else {
                min = c.rowMin(i, v);
                count = windows == null ? CAP + 1 : c.atMost(i, v, min + w, cand);
            }
            if (windows != null) {
                if (count <= CAP) {
                    System.arraycopy(cand, 0, windows, i * CAP, count);
                    sizes[i] = count;
                } else {
                    sizes[i] = -1;
                }
            }
            double slack = c.cost(i, j) - v[j] - min;
            if (slack > 0) {
                v[j] += slack;
                maxRaise = Math.max(maxRaise, slack);
                if (screen != null) {
                    screen.raised(j);
                }
            }
        }
        boolean windowsHold = windows != null && maxRaise <= w / 2;
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
        private final double[] v;
        private final float[] vf;
        private final float reach;

        Screen(CostRows c, double[] v, double big, double w) {
            this.f = c.floats();
            this.sign = (float) c.s;
            this.n = c.n;
            this.v = v;
            this.vf = new float[n];
            for (int j = 0; j < n; j++) {
                vf[j] = (float) v[j];
            }
            // |float value - exact value| <= ulp(v)/2 + ulp(result)/2 <= ulp(4 big) (duals rise by
            // at most ε here); delta = 8 of those also covers the rounding of the threshold
            double delta = 8.0 * Math.ulp((float) (4 * big));
            this.reach = Math.nextUp((float) (w + delta));
        }

        /** Writes the candidate columns of row i to {@code cand}; returns their count, or more than {@link #CAP}. */
        int candidates(int i, int[] cand) {
            int off = i * n;
            float min = AuctionKernel.rowMin(f, sign, off, vf, n);
            return AuctionKernel.collectBelow(f, sign, off, vf, n, Math.nextUp(min + reach), cand, 0, CAP);
        }

        /** Column j's dual was raised. */
        void raised(int j) {
            vf[j] = (float) v[j];
        }
    }
}
