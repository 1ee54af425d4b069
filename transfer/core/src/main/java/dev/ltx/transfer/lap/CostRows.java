package dev.ltx.transfer.lap;

import java.util.Arrays;

/**
 * The solver's read access to an n x n cost matrix in the effective sign ({@code s = +1} to
 * minimize, {@code -1} to maximize): either double rows ({@code s * rows[i][offs[i] + j]}; a flat
 * matrix, a transposed one or zero padding rows, none copied) or a row-major float matrix
 * ({@code s * (double) f[i * n + j]}, read in place, never widened into a double copy). Both give
 * the same double values for the same matrix, so every phase computes the same numbers from
 * either; the row kernels are {@link SapKernel} and {@link SapFloatKernel}.
 */
final class CostRows {
    final int n;
    final double s;
    private final double[][] rows;
    private final int[] offs;
    private final float[] f;

    private CostRows(int n, double s, double[][] rows, int[] offs, float[] f) {
        this.n = n;
        this.s = s;
        this.rows = rows;
        this.offs = offs;
        this.f = f;
    }

    /** Double rows: row i is {@code rows[i][offs[i] .. offs[i] + n)}. */
    static CostRows of(int n, double[][] rows, int[] offs, boolean maximize) {
        return new CostRows(n, maximize ? -1.0 : 1.0, rows, offs, null);
    }

    /** A row-major n x n float matrix. */
    static CostRows of(int n, float[] f, boolean maximize) {
        if ((long) f.length != (long) n * n) {
            throw new IllegalArgumentException("float matrix of length " + f.length + " for n = " + n);
        }
        return new CostRows(n, maximize ? -1.0 : 1.0, null, null, f);
    }

    /** The float matrix when the rows are one (what the auction reads in place), else null. */
    float[] floats() {
        return f;
    }

    /** The double rows (null for a float matrix). */
    double[][] doubleRows() {
        return rows;
    }

    /** Offsets of the double rows (null for a float matrix). */
    int[] offsets() {
        return offs;
    }

    /** The caller's entry (i, j), widened, before the sign. */
    double raw(int i, int j) {
        return f != null ? f[i * n + j] : rows[i][offs[i] + j];
    }

    /** Effective cost of (i, j). */
    double cost(int i, int j) {
        return s * raw(i, j);
    }

    /**
     * The column minima of the whole matrix: {@code vmin[j] = min_i c[i][j]} and {@code arg[j]} its
     * lowest row (as {@link #columnMin} over the rows in order: {@code vmin} filled with {@code +inf},
     * {@code arg} with -1 first), rows split over threads ({@link RowSplit}): each range folds into
     * its own minima, merged in row order with strict comparisons, so the lowest row keeps a tie.
     */
    void columnMinima(double[] vmin, int[] arg) {
        int parts = RowSplit.parts(n);
        double[][] mins = new double[parts][];
        int[][] args = new int[parts][];
        mins[0] = vmin;
        args[0] = arg;
        Arrays.fill(vmin, Double.POSITIVE_INFINITY);
        Arrays.fill(arg, -1);
        RowSplit.run(n, parts, (part, from, to) -> {
            if (part > 0) {
                mins[part] = new double[n];
                args[part] = new int[n];
                Arrays.fill(mins[part], Double.POSITIVE_INFINITY);
                Arrays.fill(args[part], -1);
            }
            for (int i = from; i < to; i++) {
                columnMin(i, mins[part], args[part]);
            }
        });
        for (int part = 1; part < parts; part++) {
            double[] m = mins[part];
            int[] a = args[part];
            for (int j = 0; j < n; j++) {
                if (m[j] < vmin[j]) {
                    vmin[j] = m[j];
                    arg[j] = a[j];
                }
            }
        }
    }

    /**
     * Folds row i into the column minima: where {@code c[i][j] < vmin[j]} sets {@code vmin[j]} and
     * {@code arg[j] = i} (strictly smaller, so the lowest row keeps a tie).
     */
    void columnMin(int i, double[] vmin, int[] arg) {
        if (f != null) {
            int off = i * n;
            for (int j = 0; j < n; j++) {
                double c = s * f[off + j];
                if (c < vmin[j]) {
                    vmin[j] = c;
                    arg[j] = i;
                }
            }
        } else {
            double[] row = rows[i];
            int off = offs[i];
            for (int j = 0; j < n; j++) {
                double c = s * row[off + j];
                if (c < vmin[j]) {
                    vmin[j] = c;
                    arg[j] = i;
                }
            }
        }
    }

    /**
     * Folds row i into {@code acc = {lo, hi, hasInf}} (effective costs; +inf sets {@code hasInf = 1}
     * instead of raising hi) and returns the first column holding NaN or -inf, or -1. Before the
     * first bad column the fold is complete; after it, acc is left partial.
     */
    int foldRange(int i, double[] acc) {
        double lo = acc[0];
        double hi = acc[1];
        boolean inf = acc[2] != 0;
        int bad = -1;
        double[] row = f == null ? rows[i] : null; // one of row and f; the test is hoisted out of the loop
        int off = f == null ? offs[i] : i * n;
        for (int j = 0; j < n; j++) {
            double e = s * (row != null ? row[off + j] : f[off + j]);
            if (e < lo) {
                lo = e;
            }
            if (e > hi) {
                if (e == Double.POSITIVE_INFINITY) {
                    inf = true;
                } else {
                    hi = e;
                }
            }
            if (!(e > Double.NEGATIVE_INFINITY)) {
                bad = j;
                break;
            }
        }
        acc[0] = lo;
        acc[1] = hi;
        acc[2] = inf ? 1 : 0;
        return bad;
    }

    /** The smallest reduced cost {@code c[i][j] - v[j]} of row i over the columns j != skip. */
    double smallestExcept(int i, double[] v, int skip) {
        double best = Double.POSITIVE_INFINITY;
        double[] row = f == null ? rows[i] : null;
        int off = f == null ? offs[i] : i * n;
        for (int j = 0; j < n; j++) {
            double h = s * (row != null ? row[off + j] : f[off + j]) - v[j];
            if (h < best && j != skip) {
                best = h;
            }
        }
        return best;
    }

    /** {@link SapKernel#rowMin} of row i. */
    double rowMin(int i, double[] v) {
        return f != null ? SapFloatKernel.rowMin(f, i * n, s, v, n) : SapKernel.rowMin(rows[i], offs[i], s, v, n);
    }

    /** {@link SapKernel#atMost} of row i. */
    int atMost(int i, double[] v, double threshold, int[] cand) {
        return f != null ? SapFloatKernel.atMost(f, i * n, s, v, n, threshold, cand)
                : SapKernel.atMost(rows[i], offs[i], s, v, n, threshold, cand);
    }

    /** {@link SapKernel#twoSmallest} of row i. */
    void twoSmallest(int i, double[] v, double[] lanes, double[] out) {
        if (f != null) {
            SapFloatKernel.twoSmallest(f, i * n, s, v, n, lanes, out);
        } else {
            SapKernel.twoSmallest(rows[i], offs[i], s, v, n, lanes, out);
        }
    }

    /** {@link SapKernel#init} from row i. */
    double init(int i, double[] w, double[] d, double[] pred) {
        return f != null ? SapFloatKernel.init(f, i * n, s, w, d, pred, i, n)
                : SapKernel.init(rows[i], offs[i], s, w, d, pred, i, n);
    }

    /** {@link SapKernel#relax} from row i. */
    double relax(int i, double[] w, double u1, double[] d, double[] pred) {
        return f != null ? SapFloatKernel.relax(f, i * n, s, w, u1, d, pred, i, n)
                : SapKernel.relax(rows[i], offs[i], s, w, u1, d, pred, i, n);
    }
}
