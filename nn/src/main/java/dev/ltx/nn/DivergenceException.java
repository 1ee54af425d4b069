package dev.ltx.nn;

/**
 * Numbers that stopped being finite: a NaN or infinity in a loss, a gradient, a parameter, a cost
 * matrix or a loaded checkpoint. The message is one line naming where (epoch, step, tensor, file)
 * and what was found; {@link #where()} tells whether the input was poisoned (a file read) or the
 * computation diverged. Thrown before the bad numbers reach a saved file, so the last good
 * checkpoint on disk stays the last one written.
 */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What held the non-finite numbers. */
    public enum Where {
        /** A tensor read from a file (a checkpoint given as input). */
        INPUT,
        /** A training or transfer loss. */
        LOSS,
        /** A gradient. */
        GRADIENT,
        /** A parameter or buffer after an update. */
        PARAMETER,
        /** A matching cost matrix. */
        COST_MATRIX;

        /** Whether this is a poisoned input (bad input) rather than a computation that diverged. */
        public boolean isInput() {
            return this == INPUT;
        }
    }

    private final Where where;

    /** A divergence found in {@code where}, described by the one-line {@code message}. */
    public DivergenceException(Where where, String message) {
        super(message);
        this.where = where;
    }

    /** What held the non-finite numbers. */
    public Where where() {
        return where;
    }
}
