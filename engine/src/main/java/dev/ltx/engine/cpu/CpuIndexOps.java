package dev.ltx.engine.cpu;

import dev.ltx.engine.Checks;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/**
 * Index-select along an axis and its adjoint, index-add. Index-select is exact data movement (one
 * implementation for every dtype, whole inner blocks moved with {@link System#arraycopy});
 * index-add sums, so it has a scalar reference in double ({@link #indexAddReference}) and an F32
 * fast path. Indices are 1-D I32 or I64 tensors; they may repeat, and each must lie in
 * {@code [0, size)} of the indexed axis.
 */
final class CpuIndexOps {
    private CpuIndexOps() {
    }

    static Tensor indexSelect(CpuBackend b, Tensor x, int axis, Tensor indices) {
        int a = x.shape().axis(axis);
        int[] idx = checkIndices("indexSelect", indices, x.shape(), a);
        Shape outShape = x.shape().withDim(a, idx.length);
        Tensor out = b.empty(outShape, x.dtype());
        int outer = x.shape().product(0, a);
        int inner = x.shape().product(a + 1, x.rank());
        int size = x.dim(a);
        Object src = CpuLayoutOps.array(x);
        Object dst = CpuLayoutOps.array(out);
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(src, (o * size + idx[k]) * inner, dst, (o * idx.length + k) * inner, inner);
            }
        }
        return out;
    }

    static Tensor indexAdd(CpuBackend b, Shape shape, int axis, Tensor indices, Tensor src) {
        return indexAddReference(b, shape, axis, indices, src);
    }

    /** Scalar reference of index-add: accumulates in double, in source order. */
    static Tensor indexAddReference(CpuBackend b, Shape shape, int axis, Tensor indices, Tensor src) {
        int a = shape.axis(axis);
        int[] idx = checkIndexAdd(shape, a, indices, src);
        int outer = shape.product(0, a);
        int inner = shape.product(a + 1, shape.rank());
        int size = shape.dim(a);
        double[] s = src.toDoubles();
        double[] r = new double[shape.numel()];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                int from = (o * idx.length + k) * inner;
                int to = (o * size + idx[k]) * inner;
                for (int i = 0; i < inner; i++) r[to + i] += s[from + i];
            }
        }
        return CpuElementwiseReference.make(b, r, shape, src.dtype());
    }

    /** Checks index-add operands (src shaped like {@code shape} with the axis resized) and returns the indices. */
    static int[] checkIndexAdd(Shape shape, int a, Tensor indices, Tensor src) {
        int[] idx = checkIndices("indexAdd", indices, shape, a);
        if (!src.shape().equals(shape.withDim(a, idx.length))) {
            throw new IllegalArgumentException("indexAdd along axis " + a + ": source of shape " + src.shape()
                    + " does not match target shape " + shape + " with " + idx.length + " indices");
        }
        return idx;
    }

    /** Checks that {@code indices} is a 1-D integer tensor of valid positions along axis {@code a} of {@code s}. */
    static int[] checkIndices(String op, Tensor indices, Shape s, int a) {
        Checks.integral(indices, op);
        if (indices.rank() != 1) {
            throw new IllegalArgumentException(op + ": indices must have rank 1, got shape " + indices.shape()
                    + " (indexing shape " + s + ")");
        }
        long[] raw = indices.toLongs();
        int size = s.dim(a);
        int[] idx = new int[raw.length];
        for (int k = 0; k < raw.length; k++) {
            if (raw[k] < 0 || raw[k] >= size) {
                throw new IllegalArgumentException(op + ": index " + raw[k] + " at position " + k
                        + " is outside [0, " + size + ") of axis " + a + " in shape " + s);
            }
            idx[k] = (int) raw[k];
        }
        return idx;
    }
}
