package dev.ltx.transfer.match;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationGroup;
import dev.ltx.transfer.perm.Permutations;
import java.util.Arrays;
import java.util.List;

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

    /**
     * {@code ⟨leftᵀ·right, π(source.leftᵀ·source.right)⟩} without either product: with the source's
     * factor columns gathered by the permutations of {@code axes} (the tensor's two axes; null where an
     * axis is kept), {@code Σ (left·L̃ᵀ) ∘ (right·R̃ᵀ)}: two (r, r) products on {@code b} and one
     * {@link Backend#dot}. Equals {@link PermutationApplier#permutedDot} of the two products up to
     * rounding (the products are summed in the factors' dtype).
     */
    double permutedDot(RankFactors source, List<PermutationGroup> axes, Permutations perms, Backend b) {
        try (Backend.Scope ignored = b.openScope()) {
            List<PermutationGroup> rows = Arrays.asList(null, axes.get(0)); // factors are (r, rows) and (r, cols)
            List<PermutationGroup> cols = Arrays.asList(null, axes.get(1));
            Tensor ls = PermutationApplier.permute(source.left(), rows, perms, -1, b);
            Tensor rs = PermutationApplier.permute(source.right(), cols, perms, -1, b);
            Tensor m1 = b.zeros(Shape.of(rank(), source.rank()), left.dtype());
            b.gemm(m1, left, ls, false, true, 1.0, 0.0);
            Tensor m2 = b.zeros(Shape.of(rank(), source.rank()), right.dtype());
            b.gemm(m2, right, rs, false, true, 1.0, 0.0);
            return b.dot(m1, m2);
        }
    }

    /** Whether these factor a tensor of {@code shape} (rows, cols). */
    boolean factor(Tensor t) {
        return t.rank() == 2 && t.dim(0) == left.dim(1) && t.dim(1) == right.dim(1);
    }
}
