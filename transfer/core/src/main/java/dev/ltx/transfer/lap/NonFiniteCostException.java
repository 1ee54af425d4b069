package dev.ltx.transfer.lap;

/**
 * Thrown by {@link LinearAssignment#solveFinite} when a cost matrix holds a NaN or an infinity;
 * names the first such entry in row-major order.
 */
public final class NonFiniteCostException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int row;
    private final int col;

    /**
     * @param row     the first offending entry's row
     * @param col     its column
     * @param message what was found where
     */
    public NonFiniteCostException(int row, int col, String message) {
        super(message);
        this.row = row;
        this.col = col;
    }

    /** The first offending entry's row. */
    public int row() {
        return row;
    }

    /** The first offending entry's column. */
    public int col() {
        return col;
    }
}
