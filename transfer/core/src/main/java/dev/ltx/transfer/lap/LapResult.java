package dev.ltx.transfer.lap;

import java.util.Arrays;

/**
 * The solution of a linear assignment problem, with an optimality certificate.
 *
 * <p>For an {@code n x m} cost matrix {@code c}: {@code rowToCol[i]} is the column assigned to row
 * {@code i} (or {@code -1} when {@code n > m} and row {@code i} is left out), {@code colToRow[j]} is
 * its inverse (or {@code -1} when {@code m > n} and column {@code j} is left out), and
 * {@code totalCost} is the sum of {@code c[i][rowToCol[i]]} over assigned rows, accumulated in
 * double in row order.
 *
 * <p>The dual potentials {@code u} (length {@code n}) and {@code v} (length {@code m}) certify
 * optimality. When minimizing: {@code u[i] + v[j] <= c[i][j]} for every pair (with {@code +inf}
 * entries trivially satisfied), equality on assigned pairs, potentials of the rows/columns left
 * out are {@code 0} and every potential on the larger side is {@code <= 0}, and
 * {@code sum(u) + sum(v) == totalCost} (all up to floating-point rounding). When maximizing every
 * inequality flips: {@code u[i] + v[j] >= c[i][j]} and potentials on the larger side are
 * {@code >= 0}.
 *
 * <p>The record is immutable: arrays are copied on construction and on every access.
 *
 * @param rowToCol  row to column, {@code -1} for a row left out of a rectangular problem
 * @param colToRow  column to row, {@code -1} for a column left out of a rectangular problem
 * @param totalCost sum of the assigned costs
 * @param u         row potentials
 * @param v         column potentials
 * @param maximized whether the problem was a maximization
 */
public record LapResult(int[] rowToCol, int[] colToRow, double totalCost, double[] u, double[] v,
                        boolean maximized) {

    /** Copies every array, so the record cannot be changed from outside. */
    public LapResult {
        rowToCol = rowToCol.clone();
        colToRow = colToRow.clone();
        u = u.clone();
        v = v.clone();
    }

    @Override
    public int[] rowToCol() {
        return rowToCol.clone();
    }

    @Override
    public int[] colToRow() {
        return colToRow.clone();
    }

    @Override
    public double[] u() {
        return u.clone();
    }

    @Override
    public double[] v() {
        return v.clone();
    }

    /** Number of rows of the solved matrix. */
    public int rows() {
        return rowToCol.length;
    }

    /** Number of columns of the solved matrix. */
    public int cols() {
        return colToRow.length;
    }

    /** The column assigned to {@code row}, or {@code -1}; no copy. */
    public int colOf(int row) {
        return rowToCol[row];
    }

    /** The row assigned to {@code col}, or {@code -1}; no copy. */
    public int rowOf(int col) {
        return colToRow[col];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LapResult r && Arrays.equals(rowToCol, r.rowToCol)
                && Arrays.equals(colToRow, r.colToRow)
                && Double.compare(totalCost, r.totalCost) == 0 && Arrays.equals(u, r.u)
                && Arrays.equals(v, r.v) && maximized == r.maximized;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rowToCol) + Double.hashCode(totalCost);
    }

    @Override
    public String toString() {
        return "LapResult[" + rowToCol.length + "x" + colToRow.length + ", totalCost=" + totalCost
                + ", maximized=" + maximized + ", rowToCol="
                + (rowToCol.length <= 16 ? Arrays.toString(rowToCol) : "...") + "]";
    }
}
