package dev.ltx.transfer.lap;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * Exact linear assignment (Jonker-Volgenant 1987) on dense cost matrices.
 *
 * <p>Minimizes or maximizes {@code sum_i c[i][col(i)]} over one-to-one assignments of the smaller
 * side of an {@code n x m} matrix. Inputs may be {@code double[][]} (rectangular, not ragged), or
 * row-major flat {@code double[]} / {@code float[]}; everything is computed in double. No square
 * matrix is copied (maximization reads the negation on the fly; a square {@code float[]} is read in
 * place, each entry widened as it is loaded, which gives the same doubles as a widened copy and
 * halves the bytes the row passes read); a non-square {@code float[]} is widened once, and a tall
 * matrix ({@code n > m}) is solved through its transpose (one copy).
 * Wide matrices are padded with shared zero rows.
 *
 * <p>Entries: for minimization {@code +inf} forbids a pair, NaN and {@code -inf} are rejected with
 * an {@link IllegalArgumentException} naming the entry. For maximization the roles of the
 * infinities swap ({@code -inf} forbids, {@code +inf} is rejected), as with the negated problem.
 * When forbidden entries leave no complete assignment, {@link InfeasibleAssignmentException} is
 * thrown; the solver never loops.
 *
 * <p>Ties are broken deterministically (lowest index wins, see {@link JonkerVolgenant}); in
 * particular a constant square matrix yields the identity. Results carry dual potentials that
 * certify optimality (see {@link LapResult}).
 *
 * <p>Warm start: a square problem may start from given column potentials (typically
 * {@link LapResult#v()} of a nearby matrix, as in consecutive weight-matching problems) instead of
 * the column reduction; the answer is still an exact, certified optimum, deterministic given the
 * start, but among several optimal assignments it may pick another one than a cold solve.
 *
 * <p>Threads: the passes that read a whole large matrix once (its range, the rows' windows after
 * the auction) are split over the calling thread and the common fork-join pool, up to
 * {@link #setMaxThreads} threads; results never depend on the number.
 */
public final class LinearAssignment {
    private LinearAssignment() {
    }

    /**
     * Caps the threads of the solver's whole-matrix passes (at least 1; default {@code -Dltx.threads},
     * else every core). It applies to every later solve in this JVM; results never depend on it.
     */
    public static void setMaxThreads(int threads) {
        RowSplit.setMaxThreads(threads);
    }

    /** Minimizes the total cost of a {@code double[rows][cols]} matrix. */
    public static LapResult minimize(double[][] cost) {
        return solve(cost, false);
    }

    /** Maximizes the total of a {@code double[rows][cols]} matrix. */
    public static LapResult maximize(double[][] cost) {
        return solve(cost, true);
    }

    /** Solves a {@code double[rows][cols]} matrix; rows must all have the same length. */
    public static LapResult solve(double[][] cost, boolean maximize) {
        int n = cost.length;
        int m = n == 0 ? 0 : cost[0].length;
        for (int i = 0; i < n; i++) {
            if (cost[i] == null || cost[i].length != m) {
                throw new IllegalArgumentException("ragged cost matrix: row 0 has " + m
                        + " columns but row " + i + " has "
                        + (cost[i] == null ? "null" : cost[i].length));
            }
        }
        if (n <= m) {
            return solveWide(cost, new int[n], n, m, maximize, false, null);
        }
        double[] t = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j * n + i] = cost[i][j];
            }
        }
        return solveTall(t, n, m, maximize);
    }

    /** Solves a row-major {@code rows x cols} matrix given as a flat array. */
    public static LapResult solve(double[] cost, int rows, int cols, boolean maximize) {
        checkFlat(cost.length, rows, cols);
        if (rows <= cols) {
            return solveRowViews(cost, rows, cols, maximize, null);
        }
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = cost[i * cols + j];
            }
        }
        return solveTall(t, rows, cols, maximize);
    }

    /**
     * Solves a square row-major {@code n x n} matrix starting from the column potentials
     * {@code columnPotentials} (as {@link LapResult#v()} reports them for this direction, e.g. the
     * duals of a previous solve of a nearby matrix) instead of the column reduction. The result
     * is optimal and certified whatever the start; only the work depends on it. Ties may be
     * broken differently from a cold {@link #solve(double[], int, int, boolean)} when the
     * optimum is not unique.
     *
     * @throws IllegalArgumentException when the matrix is not square, or the potentials do not
     *                                  have length n or are not finite
     */
    public static LapResult solve(double[] cost, int rows, int cols, boolean maximize, double[] columnPotentials) {
        checkFlat(cost.length, rows, cols);
        return solveRowViews(cost, rows, cols, maximize, start(rows, cols, maximize, columnPotentials));
    }

    /**
     * As {@link #solve(double[], int, int, boolean, double[])} on a float matrix (computing in double,
     * reading the floats in place).
     */
    public static LapResult solve(float[] cost, int rows, int cols, boolean maximize, double[] columnPotentials) {
        checkFlat(cost.length, rows, cols);
        return solveSquare(cost, rows, maximize, start(rows, cols, maximize, columnPotentials));
    }

    /** The warm start's column potentials in the effective-cost sign, after checking the shape and values. */
    private static double[] start(int rows, int cols, boolean maximize, double[] columnPotentials) {
        if (rows != cols) {
            throw new IllegalArgumentException("a warm start needs a square matrix, got [" + rows + ", " + cols + "]");
        }
        if (columnPotentials.length != cols) {
            throw new IllegalArgumentException("warm start: " + columnPotentials.length
                    + " column potentials for " + cols + " columns");
        }
        double s = maximize ? -1.0 : 1.0;
        double[] start = new double[cols];
        for (int j = 0; j < cols; j++) {
            if (!Double.isFinite(columnPotentials[j])) {
                throw new IllegalArgumentException("warm start: column potential " + j + " is "
                        + columnPotentials[j] + "; potentials must be finite");
            }
            start[j] = s * columnPotentials[j];
        }
        return start;
    }

    /**
     * Solves a square row-major {@code n x n} float matrix every entry of which must be finite, cold
     * ({@code columnPotentials} null) or from column potentials as
     * {@link #solve(float[], int, int, boolean, double[])}: a NaN or an infinity is not a forbidden pair
     * here but an error, found by the range pass the solver makes over the matrix anyway (no extra
     * pass when every entry is finite).
     *
     * @throws NonFiniteCostException naming the first NaN or infinite entry (row-major)
     * @throws IllegalArgumentException when the potentials do not have length n or are not finite
     */
    public static LapResult solveFinite(float[] cost, int n, boolean maximize, double[] columnPotentials) {
        checkFlat(cost.length, n, n);
        double[] start = columnPotentials == null ? null : start(n, n, maximize, columnPotentials);
        return solveRows(CostRows.of(n, cost, maximize), n, maximize, false, start, true);
    }

    /** Solves a row-major {@code rows x cols} float matrix (computing in double). */
    public static LapResult solve(float[] cost, int rows, int cols, boolean maximize) {
        checkFlat(cost.length, rows, cols);
        if (rows != cols) {
            return solve(widen(cost), rows, cols, maximize);
        }
        return solveSquare(cost, rows, maximize, null);
    }

    /** A flat row-major {@code rows <= cols} matrix solved through row views of it (no copy). */
    private static LapResult solveRowViews(double[] cost, int rows, int cols, boolean maximize, double[] start) {
        double[][] r = new double[rows][];
        int[] offs = new int[rows];
        for (int i = 0; i < rows; i++) {
            r[i] = cost;
            offs[i] = i * cols;
        }
        return solveWide(r, offs, rows, cols, maximize, false, start);
    }

    /**
     * The calling thread's last widened matrix, reused by the next non-square float solve of the same
     * size. Softly held, so memory pressure can reclaim it; every entry is overwritten before use.
     */
    private static final ThreadLocal<SoftReference<double[]>> WIDENED = new ThreadLocal<>();

    private static double[] widen(float[] cost) {
        SoftReference<double[]> kept = WIDENED.get();
        double[] c = kept == null ? null : kept.get();
        if (c == null || c.length != cost.length) {
            c = new double[cost.length];
            WIDENED.set(new SoftReference<>(c));
        }
        for (int k = 0; k < c.length; k++) {
            c[k] = cost[k];
        }
        return c;
    }

    private static void checkFlat(int length, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != length) {
            throw new IllegalArgumentException("flat cost array of length " + length
                    + " does not match shape [" + rows + ", " + cols + "]");
        }
    }

    /** {@code t} is the transpose (m x n, row-major) of an n x m matrix with n > m. */
    private static LapResult solveTall(double[] t, int n, int m, boolean maximize) {
        double[][] r = new double[m][];
        int[] offs = new int[m];
        for (int j = 0; j < m; j++) {
            r[j] = t;
            offs[j] = j * n;
        }
        LapResult tr = solveWide(r, offs, m, n, maximize, true, null);
        int[] rowToCol = tr.colToRow();
        double total = 0; // re-summed in row order, as for the other layouts
        for (int i = 0; i < n; i++) {
            if (rowToCol[i] >= 0) {
                total += t[rowToCol[i] * n + i];
            }
        }
        return new LapResult(rowToCol, tr.rowToCol(), total, tr.v(), tr.u(), maximize);
    }

    /**
     * Solves n x m with n <= m by padding m - n zero rows. When {@code transposed}, rows are the
     * caller's columns (only error messages care). {@code start}: square problems only, column
     * potentials in the effective-cost sign to start from, or null for a cold start.
     */
    private static LapResult solveWide(double[][] rows, int[] offs, int n, int m,
                                       boolean maximize, boolean transposed, double[] start) {
        double[][] r = Arrays.copyOf(rows, m);
        int[] o = Arrays.copyOf(offs, m);
        if (m > n) {
            double[] zero = new double[m];
            Arrays.fill(r, n, m, zero);
        }
        return solveRows(CostRows.of(m, r, o, maximize), n, maximize, transposed, start);
    }

    /** A square row-major float matrix, read in place. */
    private static LapResult solveSquare(float[] cost, int n, boolean maximize, double[] start) {
        return solveRows(CostRows.of(n, cost, maximize), n, maximize, false, start, false);
    }

    /**
     * Solves the first {@code n} rows of {@code c} ({@code c.n - n} identical zero padding rows follow
     * when {@code n < c.n}); {@code transposed} and {@code start} as for {@link #solveWide}.
     */
    private static LapResult solveRows(CostRows c, int n, boolean maximize, boolean transposed, double[] start) {
        return solveRows(c, n, maximize, transposed, start, false);
    }

    /** As above; {@code requireFinite}: a NaN or infinite entry of the float source is an error ({@link #solveFinite}). */
    private static LapResult solveRows(CostRows c, int n, boolean maximize, boolean transposed, double[] start,
                                       boolean requireFinite) {
        int m = c.n;
        JonkerVolgenant.ErrorNames names = new JonkerVolgenant.ErrorNames() {
            @Override
            public String entry(int i, int j) {
                if (i < 0) {
                    return transposed ? "row " + j : "column " + j;
                }
                return transposed ? "cost[" + j + "][" + i + "] (row " + j + ", column " + i + ")"
                        : "cost[" + i + "][" + j + "] (row " + i + ", column " + j + ")";
            }

            @Override
            public String row(int i) {
                return transposed ? "column " + i : "row " + i;
            }
        };
        JonkerVolgenant jv = new JonkerVolgenant(c, m > n, names);
        jv.requireFinite = requireFinite;
        if (m > 0 && start != null) {
            jv.solveFrom(start);
        } else if (m > 0) {
            jv.solve();
        }
        double s = maximize ? -1.0 : 1.0;
        int[] rowToCol = Arrays.copyOf(jv.x, n);
        int[] colToRow = new int[m];
        double total = 0;
        double[] u = new double[n];
        double[] v = jv.v.clone();
        double shift = 0; // potential of the (identical) padding rows: -max v
        if (m > n) {
            shift = Double.POSITIVE_INFINITY;
            for (double vj : v) {
                shift = Math.min(shift, -vj);
            }
        }
        for (int j = 0; j < m; j++) {
            colToRow[j] = jv.y[j] < n ? jv.y[j] : -1;
            v[j] = s * (v[j] + shift);
        }
        for (int i = 0; i < n; i++) {
            int j = rowToCol[i];
            double cij = c.raw(i, j);
            total += cij;
            u[i] = s * (s * cij - jv.v[j] - shift);
        }
        return new LapResult(rowToCol, colToRow, total, u, v, maximize);
    }
}
