package dev.ltx.engine.cuda;

import dev.ltx.engine.DType;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;
import java.util.Arrays;

/**
 * Reductions and argmax ({@code reduce.cu}). Any set of reduced axes becomes an (outer, r, inner)
 * view of the input: directly when the reduced axes are adjacent once size-1 axes are ignored,
 * otherwise after one permuting copy that moves them last. Semantics follow the Backend contract:
 * MAX propagates NaN and rejects empty groups, SUM of nothing is 0, MEAN of nothing is NaN.
 */
final class CudaReduceOps {
    private CudaReduceOps() {
    }

    static Tensor reduce(CudaBackend b, ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        String name = "reduce " + op;
        CudaBackend.requireF32(x, name);
        boolean[] reduced = reducedAxes(x.shape(), axes);
        int[] kept = x.shape().dims();
        int rank = kept.length;
        int[] dropped = new int[rank];
        int nd = 0;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) kept[i] = 1;
            else dropped[nd++] = x.dim(i);
        }
        Shape keptShape = Shape.of(kept);
        int outN = keptShape.numel();
        int count = outN == 0 ? 0 : x.numel() / outN;
        if (op == ReduceOp.MAX && count == 0 && outN > 0) {
            throw new IllegalArgumentException("reduce MAX: no elements to reduce in shape " + x.shape());
        }
        Shape outShape = keepDims ? keptShape : Shape.of(Arrays.copyOf(dropped, nd));
        CudaRuntime rt = b.runtime();
        return rt.call(name, () -> {
            Tensor out = b.allocate(outShape, DType.F32);
            if (outN == 0) return out;
            View v = view(b, x, reduced);
            try {
                KernelArgs args = new KernelArgs().ptr(b.address(out)).ptr(b.address(v.data))
                        .i32(v.outer).i32(v.r).i32(v.inner);
                if (op == ReduceOp.MAX) {
                    rt.launchRows(Kernel.REDUCE_MAX_F32, (long) v.outer * v.inner, args);
                } else {
                    float scale = op == ReduceOp.MEAN ? (float) (1.0 / v.r) : 1.0f;
                    rt.launchRows(Kernel.REDUCE_SUM_F32, (long) v.outer * v.inner, args.f32(scale));
                }
            } finally {
                if (v.data != x) v.data.close();
            }
            return out;
        });
    }

    static Tensor argmax(CudaBackend b, Tensor x, int axis) {
        CudaBackend.requireF32(x, "argmax");
        int a = x.shape().axis(axis);
        int size = x.dim(a);
        int outer = x.shape().product(0, a);
        int inner = x.shape().product(a + 1, x.rank());
        if (size == 0 && outer * inner > 0) {
            throw new IllegalArgumentException("argmax: axis " + axis + " is empty in shape " + x.shape());
        }
        int[] d = new int[x.rank() - 1];
        for (int i = 0, k = 0; i < x.rank(); i++) if (i != a) d[k++] = x.dim(i);
        CudaRuntime rt = b.runtime();
        return rt.call("argmax", () -> {
            Tensor out = b.allocate(Shape.of(d), DType.I64);
            rt.launchRows(Kernel.ARGMAX_F32, (long) outer * inner, new KernelArgs().ptr(b.address(out))
                    .ptr(b.address(x)).i32(outer).i32(size).i32(inner));
            return out;
        });
    }

    /** The data to reduce as (outer, r, inner); {@code data} is x itself or a permuted temporary. */
    private record View(Tensor data, int outer, int r, int inner) {
    }

    private static View view(CudaBackend b, Tensor x, boolean[] reduced) {
        int rank = x.rank();
        int first = -1;
        int last = -1;
        for (int i = 0; i < rank; i++) {
            if (reduced[i] && x.dim(i) != 1) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) return new View(x, x.numel(), 1, 1);
        boolean adjacent = true;
        for (int i = first; i <= last; i++) adjacent &= reduced[i] || x.dim(i) == 1;
        if (adjacent) {
            return new View(x, x.shape().product(0, first), x.shape().product(first, last + 1),
                    x.shape().product(last + 1, rank));
        }
        int[] perm = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) if (!reduced[i]) perm[k++] = i;
        int keptAxes = k;
        for (int i = 0; i < rank; i++) if (reduced[i]) perm[k++] = i;
        Tensor moved = CudaLayoutOps.permute(b, x, perm);
        int outer = moved.shape().product(0, keptAxes);
        return new View(moved, outer, moved.shape().product(keptAxes, rank), 1);
    }

    /** Marks the reduced axes: every axis when {@code axes} is empty; each at most once. */
    static boolean[] reducedAxes(Shape s, int[] axes) {
        boolean[] r = new boolean[s.rank()];
        if (axes == null || axes.length == 0) {
            Arrays.fill(r, true);
            return r;
        }
        for (int axis : axes) {
            int a = s.axis(axis);
            if (r[a]) {
                throw new IllegalArgumentException("reduce: axis " + axis + " given twice in " + Arrays.toString(axes)
                        + " for shape " + s);
            }
            r[a] = true;
        }
        return r;
    }
}
