package dev.ltx.engine.cpu;

import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/**
 * Reductions over axes and argmax: argument handling and the choice between the scalar reference
 * ({@link CpuReduceReference}) and the F32 fast path ({@link CpuReduceFast}); argmax always takes
 * the reference (its result is exact either way).
 *
 * <p>{@code MAX} propagates NaN (a NaN anywhere in a reduced group makes that result NaN) and
 * throws on an empty group; {@code SUM} of an empty group is 0 and {@code MEAN} is NaN. Argmax
 * returns the first maximum; a NaN counts as larger than every number, so the first NaN wins (as
 * in numpy).
 */
final class CpuReduceOps {
    private CpuReduceOps() {
    }

    static Tensor reduce(CpuBackend b, ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        return b.fast(x) ? CpuReduceFast.reduce(b, op, x, axes, keepDims)
                : CpuReduceReference.reduce(b, op, x, axes, keepDims);
    }

    static Tensor argmax(CpuBackend b, Tensor x, int axis) {
        return CpuReduceReference.argmax(b, x, axis);
    }

    /** Marks the reduced axes of {@code s}: every axis when {@code axes} is empty; each at most once. */
    static boolean[] reducedAxes(Shape s, int[] axes) {
        boolean[] r = new boolean[s.rank()];
        if (axes == null || axes.length == 0) {
            java.util.Arrays.fill(r, true);
            return r;
        }
        for (int axis : axes) {
            int a = s.axis(axis);
            if (r[a]) {
                throw new IllegalArgumentException("reduce: axis " + axis + " given twice in "
                        + java.util.Arrays.toString(axes) + " for shape " + s);
            }
            r[a] = true;
        }
        return r;
    }

    /** {@code s} with the reduced axes set to size 1 (the keepDims result shape). */
    static Shape keptShape(Shape s, boolean[] reduced) {
        int[] d = s.dims();
        for (int i = 0; i < d.length; i++) if (reduced[i]) d[i] = 1;
        return Shape.of(d);
    }

    /** {@code s} without the reduced axes. */
    static Shape droppedShape(Shape s, boolean[] reduced) {
        int n = 0;
        for (boolean r : reduced) if (!r) n++;
        int[] d = new int[n];
        int k = 0;
        for (int i = 0; i < reduced.length; i++) if (!reduced[i]) d[k++] = s.dim(i);
        return Shape.of(d);
    }
}
