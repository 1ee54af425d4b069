package dev.ltx.transfer.match;

import dev.ltx.engine.Tensor;

/**
 * A 2-D tensor known as a product {@code leftᵀ · right} of two thin factors: {@code left} (r, rows)
 * and {@code right} (r, cols). A linear layer's weight gradient over a batch of r samples is one
 * (output gradients and inputs), and {@link CostMatrices} uses the factors when they make a group's
 * product {@code T·Sᵀ} cheaper: rank r instead of the tensor's other dimension.
 *
 * @param left  (r, rows)
 * @param right (r, cols)
 */
public record RankFactors(Tensor left, Tensor right) {
    public RankFactors {
        if (left == null || right == null || left.rank() != 2 || right.rank() != 2 || left.dim(0) != right.dim(0)) {
            throw new IllegalArgumentException("rank factors need left (r, rows) and right (r, cols) with the same r, got "
                    + (left == null ? "null" : left.shape()) + " and " + (right == null ? "null" : right.shape()));
        }
    }

    /** The rank bound r. */
    public int rank() {
        return left.dim(0);
    }

    /** Whether these factor a tensor of {@code shape} (rows, cols). */
    boolean factor(Tensor t) {
        return t.rank() == 2 && t.dim(0) == left.dim(1) && t.dim(1) == right.dim(1);
    }
}
