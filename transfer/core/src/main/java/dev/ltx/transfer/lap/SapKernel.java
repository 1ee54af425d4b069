package dev.ltx.transfer.lap;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The O(n) inner loops of the shortest augmenting path phase, vectorized with the Vector API
 * (one scalar tail loop per kernel for widths that are not a multiple of the vector length).
 *
 * <p>Row indices in {@code pred} are stored as doubles (exact below 2^53) so that one vector
 * species covers every array and the predecessor update is a plain blend.
 *
 * <p>Scanned columns are encoded as {@code w[j] = -inf} (so their tentative distance
 * {@code s*c - w - u1} is {@code +inf} and never improves) and {@code d[j] = +inf} (so they never
 * win the minimum). No NaN can arise: effective costs are finite or {@code +inf}.
 */
final class SapKernel {
    /**
     * The preferred species, as every other Vector API kernel of the process (the engine's included)
     * uses: C2 inlines the Vector API's shared generic methods for the one concrete vector class it
     * profiled, so a second width in the same JVM leaves some calls in the boxed fallback. These
     * loops were capped at 256 bits when that measured faster on a JDK 17 alone; next to the
     * engine's 512-bit kernels (as in FGMT), the mixed widths made the whole auction about twice as
     * slow (see {@link AuctionKernel#S}, also for what it costs a JVM that runs only the solver).
     */
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private SapKernel() {
    }

    /**
     * Relaxes every column from a row: {@code h = s*row[off+j] - w[j] - u1}; where {@code h < d[j]}
     * sets {@code d[j] = h, pred[j] = rowIndex}. Returns the minimum of the updated {@code d}.
     */
    static double relax(double[] row, int off, double s, double[] w, double u1, double[] d,
                        double[] pred, double rowIndex, int n) {
        DoubleVector min = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        DoubleVector pi = DoubleVector.broadcast(S, rowIndex);
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            DoubleVector h = DoubleVector.fromArray(S, row, off + j).mul(s)
                    .sub(DoubleVector.fromArray(S, w, j)).sub(u1);
            DoubleVector dv = DoubleVector.fromArray(S, d, j);
            VectorMask<Double> better = h.lt(dv);
            if (better.anyTrue()) {
                dv = dv.blend(h, better);
                dv.intoArray(d, j);
                DoubleVector.fromArray(S, pred, j).blend(pi, better).intoArray(pred, j);
            }
            min = min.min(dv); // no NaN here; a lane minimum needs no mask
        }
        double m = min.reduceLanes(VectorOperators.MIN);
        for (; j < n; j++) {
            double h = s * row[off + j] - w[j] - u1;
            if (h < d[j]) {
                d[j] = h;
                pred[j] = rowIndex;
            }
            if (d[j] < m) {
                m = d[j];
            }
        }
        return m;
    }

    /**
     * Starts a search from a free row: {@code d[j] = s*row[off+j] - w[j]}, {@code pred[j] = rowIndex}.
     * Returns the minimum of {@code d}.
     */
    static double init(double[] row, int off, double s, double[] w, double[] d, double[] pred,
                       double rowIndex, int n) {
        DoubleVector min = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        DoubleVector pi = DoubleVector.broadcast(S, rowIndex);
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            DoubleVector h = DoubleVector.fromArray(S, row, off + j).mul(s)
                    .sub(DoubleVector.fromArray(S, w, j));
            h.intoArray(d, j);
            pi.intoArray(pred, j);
            min = min.min(h);
        }
        double m = min.reduceLanes(VectorOperators.MIN);
        for (; j < n; j++) {
            double h = s * row[off + j] - w[j];
            d[j] = h;
            pred[j] = rowIndex;
            if (h < m) {
                m = h;
            }
        }
        return m;
    }

    /**
     * Collects, in increasing index order, every column with {@code d[j] == level} into
     * {@code out[count..]}, recording {@code dist[j] = level} and marking it scanned
     * ({@code d[j] = +inf, w[j] = -inf}). Returns the new count.
     */
    static int collect(double level, double[] d, double[] w, double[] dist, int[] out, int count,
                       int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            VectorMask<Double> eq = DoubleVector.fromArray(S, d, j).eq(level);
            if (eq.anyTrue()) {
                for (int k = j; k < j + S.length(); k++) {
                    if (d[k] == level) {
                        count = mark(k, level, d, w, dist, out, count);
                    }
                }
            }
        }
        for (; j < n; j++) {
            if (d[j] == level) {
                count = mark(j, level, d, w, dist, out, count);
            }
        }
        return count;
    }

    /**
     * The smallest value of {@code h[j] = s*row[off+j] - v[j]} ({@code +inf} when none is finite).
     * Four independent running minima: one chain of compares made {@link #twoSmallest} wait on
     * each step, where the minimum alone is all the caller needs.
     *
     * <p>Keep it out of line: when C2 (JDK 17) inlines this loop into its callers
     * ({@code TightAssignments.repair}, {@code JonkerVolgenant.greedyFromDuals}) it may box every
     * intermediate vector — whether it inlines depends on which method it compiles first, so a FGMT
     * run of the MNIST 2-MLP allocated either ~0.3 GB or 3–6 GB per transfer on its main thread, with
     * young collections copying the live gradient pairs (0.3–1.5 s pauses). Forced inlining
     * ({@code -XX:CompileCommand=inline}) boxed every time, {@code dontinline} never; the {@code ltx}
     * launcher passes {@code dontinline} for this method and {@link AuctionKernel#rowMin} (see the
     * package documentation).
     */
    static double rowMin(double[] row, int off, double s, double[] v, int n) {
        int len = S.length();
        DoubleVector m0 = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        DoubleVector m1 = m0;
        DoubleVector m2 = m0;
        DoubleVector m3 = m0;
        int j = 0;
        for (int last = n - 4 * len; j <= last; j += 4 * len) {
            m0 = m0.min(DoubleVector.fromArray(S, row, off + j).mul(s)
                    .sub(DoubleVector.fromArray(S, v, j)));
            m1 = m1.min(DoubleVector.fromArray(S, row, off + j + len).mul(s)
                    .sub(DoubleVector.fromArray(S, v, j + len)));
            m2 = m2.min(DoubleVector.fromArray(S, row, off + j + 2 * len).mul(s)
                    .sub(DoubleVector.fromArray(S, v, j + 2 * len)));
            m3 = m3.min(DoubleVector.fromArray(S, row, off + j + 3 * len).mul(s)
                    .sub(DoubleVector.fromArray(S, v, j + 3 * len)));
        }
        for (int last = n - len; j <= last; j += len) {
            m0 = m0.min(DoubleVector.fromArray(S, row, off + j).mul(s)
                    .sub(DoubleVector.fromArray(S, v, j)));
        }
        double min = m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
        for (; j < n; j++) {
            min = Math.min(min, s * row[off + j] - v[j]);
        }
        return min;
    }

    /**
     * The two smallest values (as a multiset) of {@code h[j] = s*row[off+j] - v[j]}, written to
     * {@code out[0] <= out[1]}; {@code +inf} where fewer finite values exist. {@code lanes} is
     * scratch of length {@code 2 * laneCount()}.
     */
    static void twoSmallest(double[] row, int off, double s, double[] v, int n, double[] lanes,
                            double[] out) {
        DoubleVector m1 = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        DoubleVector m2 = m1;
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            DoubleVector h = DoubleVector.fromArray(S, row, off + j).mul(s)
                    .sub(DoubleVector.fromArray(S, v, j));
            m2 = m2.min(m1.max(h)); // the lane's second smallest as a multiset, without masks
            m1 = m1.min(h);
        }
        m1.intoArray(lanes, 0);
        m2.intoArray(lanes, S.length());
        double a = Double.POSITIVE_INFINITY;
        double b = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 2 * S.length(); k++) {
            double h = lanes[k];
            if (h < a) {
                b = a;
                a = h;
            } else if (h < b) {
                b = h;
            }
        }
        for (; j < n; j++) {
            double h = s * row[off + j] - v[j];
            if (h < a) {
                b = a;
                a = h;
            } else if (h < b) {
                b = h;
            }
        }
        out[0] = a;
        out[1] = b;
    }

    /**
     * Writes to {@code cand[0..]} the indices (increasing) with
     * {@code s*row[off+j] - v[j] <= threshold}; returns their count (at most {@code cand.length};
     * the scan stops early when full).
     */
    static int atMost(double[] row, int off, double s, double[] v, int n, double threshold,
                      int[] cand) {
        int count = 0;
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            DoubleVector h = DoubleVector.fromArray(S, row, off + j).mul(s)
                    .sub(DoubleVector.fromArray(S, v, j));
            if (h.compare(VectorOperators.LE, threshold).anyTrue()) {
                for (int k = j; k < j + S.length(); k++) {
                    if (s * row[off + k] - v[k] <= threshold) {
                        cand[count++] = k;
                        if (count == cand.length) {
                            return count;
                        }
                    }
                }
            }
        }
        for (; j < n; j++) {
            if (s * row[off + j] - v[j] <= threshold) {
                cand[count++] = j;
                if (count == cand.length) {
                    return count;
                }
            }
        }
        return count;
    }

    /** Vector length in doubles. */
    static int laneCount() {
        return S.length();
    }

    private static int mark(int j, double level, double[] d, double[] w, double[] dist, int[] out,
                            int count) {
        dist[j] = level;
        d[j] = Double.POSITIVE_INFINITY;
        w[j] = Double.NEGATIVE_INFINITY;
        out[count] = j;
        return count + 1;
    }
}
