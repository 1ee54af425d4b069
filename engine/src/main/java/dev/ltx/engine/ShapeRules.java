package dev.ltx.engine;

import java.util.Arrays;
import java.util.List;

/**
 * Operand checks and result shapes of ops whose rules do not depend on the backend, so the CPU and
 * CUDA backends validate identically and name the same shapes in their errors. Dtype rules that
 * differ by backend (CUDA computes only F32) stay with the backend and run before these.
 */
public final class ShapeRules {
    private ShapeRules() {
    }

    /**
     * Checks {@code c ← α·op(a)·op(b) + β·c} (all rank 2, one floating dtype, matching inner and
     * outer dimensions) and returns {m, n, k}.
     */
    public static int[] gemm(Tensor c, Tensor a, Tensor b, boolean transA, boolean transB) {
        Checks.rank(a, 2, "gemm", "a");
        Checks.rank(b, 2, "gemm", "b");
        Checks.rank(c, 2, "gemm", "c");
        Checks.sameFloating(a, b, "gemm");
        Checks.sameFloating(a, c, "gemm");
        int m = transA ? a.dim(1) : a.dim(0);
        int ka = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (ka != kb) {
            throw new IllegalArgumentException("gemm: inner dimensions differ: a " + a.shape() + (transA ? "ᵀ" : "")
                    + " vs b " + b.shape() + (transB ? "ᵀ" : "") + " (" + ka + " vs " + kb + ")");
        }
        if (c.dim(0) != m || c.dim(1) != n) {
            throw new IllegalArgumentException("gemm: c has shape " + c.shape() + " but a " + a.shape()
                    + (transA ? "ᵀ" : "") + " · b " + b.shape() + (transB ? "ᵀ" : "") + " is (" + m + ", " + n + ")");
        }
        return new int[] {m, n, ka};
    }

    /**
     * Checks {@code op(a_i)·op(b_i)} for rank-3 a and b of one floating dtype (equal batch, matching
     * inner dimensions) and returns {batch, m, n, k}.
     */
    public static int[] batchedMatmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        Checks.rank(a, 3, "batchedMatmul", "a");
        Checks.rank(b, 3, "batchedMatmul", "b");
        Checks.sameFloating(a, b, "batchedMatmul");
        int batch = a.dim(0);
        if (b.dim(0) != batch) {
            throw new IllegalArgumentException("batchedMatmul: batch sizes differ: a " + a.shape() + " vs b " + b.shape());
        }
        int m = transA ? a.dim(2) : a.dim(1);
        int ka = transA ? a.dim(1) : a.dim(2);
        int kb = transB ? b.dim(2) : b.dim(1);
        int n = transB ? b.dim(1) : b.dim(2);
        if (ka != kb) {
            throw new IllegalArgumentException("batchedMatmul: inner dimensions differ: a " + a.shape()
                    + (transA ? " (transposed)" : "") + " vs b " + b.shape() + (transB ? " (transposed)" : "")
                    + " (" + ka + " vs " + kb + ")");
        }
        return new int[] {batch, m, n, ka};
    }

    /** The shape of {@code xs} concatenated along {@code axis}; throws unless all agree off that axis in dtype and dims. */
    public static Shape concat(List<Tensor> xs, int axis) {
        if (xs == null || xs.isEmpty()) throw new IllegalArgumentException("concat: no tensors given");
        Tensor first = xs.get(0);
        int a = first.shape().axis(axis);
        int total = 0;
        for (Tensor t : xs) {
            boolean fits = t.dtype() == first.dtype() && t.rank() == first.rank();
            for (int i = 0; fits && i < t.rank(); i++) fits = i == a || t.dim(i) == first.dim(i);
            if (!fits) {
                throw new IllegalArgumentException("concat along axis " + axis + ": " + t.dtype() + " " + t.shape()
                        + " does not match " + first.dtype() + " " + first.shape());
            }
            total += t.dim(a);
        }
        return first.shape().withDim(a, total);
    }

    /**
     * Checks cross-entropy operands: logits (N, C), labels (N) of an integer type and, when given,
     * gradLoss (N) of the logits' dtype. Label values are the backend's to check.
     */
    public static void crossEntropy(Tensor logits, Tensor labels, Tensor gradLoss, String op) {
        Checks.rank(logits, 2, op, "logits");
        Checks.integral(labels, op);
        int n = logits.dim(0);
        if (labels.rank() != 1 || labels.dim(0) != n) {
            throw new IllegalArgumentException(op + ": labels of shape " + labels.shape()
                    + " do not match logits of shape " + logits.shape() + " (expected (" + n + ",))");
        }
        if (gradLoss != null) {
            Checks.sameFloating(logits, gradLoss, op);
            if (gradLoss.rank() != 1 || gradLoss.dim(0) != n) {
                throw new IllegalArgumentException(op + ": gradLoss of shape " + gradLoss.shape()
                        + " does not match logits of shape " + logits.shape() + " (expected (" + n + ",))");
            }
        }
    }

    /** Throws unless [start, end) lies within axis {@code a} of {@code s}. */
    public static void sliceRange(String op, Shape s, int a, int start, int end) {
        if (start < 0 || end < start || end > s.dim(a)) {
            throw new IllegalArgumentException(op + ": range [" + start + ", " + end + ") is outside axis " + a
                    + " of size " + s.dim(a) + " in shape " + s);
        }
    }

    /** {@code perm} with negative axes resolved; throws unless it is a permutation of {@code s}'s axes. */
    public static int[] permutation(Shape s, int[] perm) {
        int rank = s.rank();
        boolean ok = perm != null && perm.length == rank;
        int[] p = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; ok && i < rank; i++) {
            int a = perm[i] < 0 ? perm[i] + rank : perm[i];
            ok = a >= 0 && a < rank && !seen[a];
            if (ok) {
                seen[a] = true;
                p[i] = a;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm)
                    + " is not a permutation of the axes of shape " + s);
        }
        return p;
    }

    /**
     * Checks that {@code src} fits into {@code shape} along axis {@code axis} from {@code start}
     * (same shape off the axis, inside the axis) and returns its length along the axis.
     */
    public static int sliceScatter(Shape shape, int axis, int start, Tensor src) {
        int a = shape.axis(axis);
        int len = src.rank() == shape.rank() ? src.dim(a) : -1;
        if (len < 0 || !src.shape().equals(shape.withDim(a, len))) {
            throw new IllegalArgumentException("sliceScatter along axis " + axis + ": source of shape " + src.shape()
                    + " does not fit target shape " + shape);
        }
        sliceRange("sliceScatter", shape, a, start, start + len);
        return len;
    }

    /** Throws unless {@code indices} is a 1-D integer tensor (index values are the backend's to check). */
    public static void indices(String op, Tensor indices, Shape s) {
        Checks.integral(indices, op);
        if (indices.rank() != 1) {
            throw new IllegalArgumentException(op + ": indices must have rank 1, got shape " + indices.shape()
                    + " (indexing shape " + s + ")");
        }
    }
}
