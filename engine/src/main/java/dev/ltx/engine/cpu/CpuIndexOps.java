package dev.ltx.engine.cpu;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.ShapeRules;
import dev.ltx.engine.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Index-select along an axis and its adjoint, index-add. Index-select is exact data movement (one
 * implementation for every dtype, whole inner blocks moved with {@link System#arraycopy});
 * index-add sums, so it has a scalar reference in double ({@link #indexAddReference}) and an F32
 * fast path. Indices are 1-D I32 or I64 tensors; they may repeat, and each must lie in
 * {@code [0, size)} of the indexed axis.
 */
final class CpuIndexOps {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Columns per task and approximate elements per task of the fast index-add. */
    private static final int TILE = 4096;
    private static final int GRAIN = 1 << 15;

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
        if (inner == 1) { // along the last axis: single elements, a typed loop instead of one arraycopy each
            gatherSingles(src, dst, outer, size, idx);
            return out;
        }
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(src, (o * size + idx[k]) * inner, dst, (o * idx.length + k) * inner, inner);
            }
        }
        return out;
    }

    /**
     * {@code dst[o·n + k] = src[o·size + idx[k]]} (n = idx.length) per dtype. A (128, 4096) float
     * gather of columns took 4-6 ms as 524,288 one-element {@code System.arraycopy} calls on an
     * {@code Object} (weight matching's permuted gradient factors, FGMT on the MNIST 2-MLP).
     */
    private static void gatherSingles(Object src, Object dst, int outer, int size, int[] idx) {
        int n = idx.length;
        for (int o = 0; o < outer; o++) {
            int so = o * size;
            int d = o * n;
            if (src instanceof float[] a && dst instanceof float[] r) {
                for (int k = 0; k < n; k++) r[d + k] = a[so + idx[k]];
            } else if (src instanceof double[] a && dst instanceof double[] r) {
                for (int k = 0; k < n; k++) r[d + k] = a[so + idx[k]];
            } else if (src instanceof int[] a && dst instanceof int[] r) {
                for (int k = 0; k < n; k++) r[d + k] = a[so + idx[k]];
            } else if (src instanceof long[] a && dst instanceof long[] r) {
                for (int k = 0; k < n; k++) r[d + k] = a[so + idx[k]];
            } else {
                throw new IllegalStateException("indexSelect: unexpected storage " + src.getClass().getSimpleName());
            }
        }
    }

    static Tensor indexAdd(CpuBackend b, Shape shape, int axis, Tensor indices, Tensor src) {
        return b.fast(src) ? indexAddFast(b, shape, axis, indices, src) : indexAddReference(b, shape, axis, indices, src);
    }

    /**
     * F32 index-add: tasks own disjoint (outer index, column tile) parts of the output and add the
     * source slices in index order with vector loops, so the summation order is fixed.
     */
    static Tensor indexAddFast(CpuBackend b, Shape shape, int axis, Tensor indices, Tensor src) {
        int a = shape.axis(axis);
        int[] idx = checkIndexAdd(shape, a, indices, src);
        int outer = shape.product(0, a);
        int inner = shape.product(a + 1, shape.rank());
        int size = shape.dim(a);
        float[] s = CpuStorage.f32(src);
        float[] r = b.floats(shape.numel());
        int tiles = Math.max(1, (inner + TILE - 1) / TILE);
        int work = Math.max(1, idx.length * Math.min(inner, TILE));
        b.pool().forRange(outer * tiles, Math.max(1, GRAIN / work), (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t / tiles;
                int c0 = (t - o * tiles) * TILE;
                int len = Math.min(inner, c0 + TILE) - c0;
                for (int k = 0; k < idx.length; k++) {
                    addInto(r, (o * size + idx[k]) * inner + c0, s, (o * idx.length + k) * inner + c0, len);
                }
            }
        });
        return b.wrap(r, shape, DType.F32);
    }

    private static void addInto(float[] dst, int d, float[] src, int s, int len) {
        int i = 0;
        int bound = F.loopBound(len);
        for (; i < bound; i += F.length()) {
            FloatVector.fromArray(F, dst, d + i).add(FloatVector.fromArray(F, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < len; i++) dst[d + i] += src[s + i];
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
        ShapeRules.indices(op, indices, s);
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
