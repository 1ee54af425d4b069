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
     * {@code ⟨leftᵀ·right, π(source.leftᵀ·source.right)⟩} without either product. With the source's
     * factor columns gathered by the permutations of {@code axes} (the tensor's two axes; null where an
     * axis is kept) into {@code L̃, R̃}, it is {@code ⟨left, (right·R̃ᵀ)·L̃⟩}, or the same with the roles of
     * the two factors swapped: the (r, r) product contracts the shorter of the two dimensions (on the
     * MNIST 2-MLP's 4096×784 weight gradient, 784), then one (r, r)·(r, long) product and a
     * {@link Backend#dot}. Equals {@link PermutationApplier#permutedDot} of the two products up to
     * rounding (the products are summed in the factors' dtype).
     */
    double permutedDot(RankFactors source, List<PermutationGroup> axes, Permutations perms, Backend b) {
        try (Backend.Scope ignored = b.openScope()) {
            Tensor ls = gathered(source.left(), axes.get(0), perms, b);
            Tensor rs = gathered(source.right(), axes.get(1), perms, b);
            boolean shortRows = left.dim(1) <= right.dim(1);
            return contracted(shortRows ? left : right, shortRows ? ls : rs, shortRows ? right : left,
                    shortRows ? rs : ls, b);
        }
    }

    /** {@code f} (r, n) with its columns gathered by {@code g}'s permutation; {@code f} itself when g is null or its permutation the identity. */
    private static Tensor gathered(Tensor f, PermutationGroup g, Permutations perms, Backend b) {
        if (g == null) {
            return f;
        }
        int[] p = perms.perm(g.name());
        for (int i = 0; i < p.length; i++) {
            if (p[i] != i) {
                return PermutationApplier.permute(f, Arrays.asList(null, g), perms, -1, b);
            }
        }
        return f; // the identity (every FGMT step's objective starts there): no copy
    }

    /** {@code ⟨longT, (shortT·shortSᵀ)·longS⟩}: factor pairs of one side each, (r, short) and (r, long). */
    private static double contracted(Tensor shortT, Tensor shortS, Tensor longT, Tensor longS, Backend b) {
        Tensor m = b.zeros(Shape.of(shortT.dim(0), shortS.dim(0)), shortT.dtype());
        b.gemm(m, shortT, shortS, false, true, 1.0, 0.0);
        Tensor k = b.zeros(longT.shape(), longT.dtype());
        b.gemm(k, m, longS, false, false, 1.0, 0.0);
        return b.dot(longT, k);
    }

    /** {@code ‖leftᵀ·right‖²} without the product, as {@link #permutedDot} with itself unpermuted, on {@code b}. */
    double sumSquares(Backend b) {
        try (Backend.Scope ignored = b.openScope()) {
            boolean shortRows = left.dim(1) <= right.dim(1);
            return shortRows ? contracted(left, left, right, right, b) : contracted(right, right, left, left, b);
        }
    }

    /** The product {@code leftᵀ · right}, a new tensor made on {@code b}. */
    public Tensor product(Backend b) {
        Tensor out = b.zeros(productShape(), left.dtype());
        b.gemm(out, left, right, true, false, 1.0, 0.0);
        return out;
    }

    /** The shape (rows, cols) of the product {@code leftᵀ · right}. */
    public Shape productShape() {
        return Shape.of(left.dim(1), right.dim(1));
    }

    /** Whether these factor a tensor of {@code shape} (rows, cols). */
    boolean factor(Tensor t) {
        return t.rank() == 2 && t.dim(0) == left.dim(1) && t.dim(1) == right.dim(1);
    }
}
