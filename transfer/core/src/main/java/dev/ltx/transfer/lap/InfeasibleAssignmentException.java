package dev.ltx.transfer.lap;

/**
 * Thrown when the forbidden ({@code +inf} when minimizing, {@code -inf} when maximizing) entries
 * of a cost matrix leave no complete assignment of the smaller side with finite cost.
 */
public final class InfeasibleAssignmentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what could not be assigned */
    public InfeasibleAssignmentException(String message) {
        super(message);
    }
}
