package dev.ltx.engine.cuda;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.ShapeRules;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;
import java.util.List;

/**
 * Layout ops ({@code layout.cu}): permute, slice, slice-scatter and concat are all one strided
 * copy of 32-bit words, so they work for every dtype.
 */
final class CudaLayoutOps {
    private CudaLayoutOps() {
    }

    /**
     * Copies the {@code dims} box from {@code in} (starting {@code inOffset} elements in, walking
     * {@code inStrides}) to {@code out} (from {@code outOffset}, walking {@code outStrides}). CUDA thread only.
     */
    static void copy(CudaBackend b, Tensor out, long outOffset, int[] outStrides, Tensor in, long inOffset,
                     int[] inStrides, int[] dims, String op) {
        int bytes = in.dtype().bytes();
        copy(b, b.address(out) + outOffset * bytes, outStrides, b.address(in) + inOffset * bytes, inStrides, dims,
                in.dtype(), op);
    }

    /** {@link #copy} between raw device addresses of {@code dtype} elements. CUDA thread only. */
    static void copy(CudaBackend b, long out, int[] outStrides, long in, int[] inStrides, int[] dims, DType dtype,
                     String op) {
        long n = 1;
        for (int d : dims) n *= d;
        if (n == 0) return;
        int[] meta = CudaMeta.strided(dims, inStrides, outStrides, dtype, op);
        long words = CudaMeta.wordCount(n, dtype);
        if (words > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("cuda " + op + ": more than 2^31-1 words to copy");
        }
        b.runtime().launch1d(Kernel.STRIDED_COPY_F32, words, new KernelArgs().ptr(out).ptr(in).i32((int) words)
                .struct(meta));
    }

    static Tensor permute(CudaBackend b, Tensor x, int[] perm) {
        int[] p = ShapeRules.permutation(x.shape(), perm);
        int[] dims = new int[p.length];
        int[] inStrides = new int[p.length];
        int[] xs = x.shape().strides();
        for (int i = 0; i < p.length; i++) {
            dims[i] = x.dim(p[i]);
            inStrides[i] = xs[p[i]];
        }
        Shape shape = Shape.of(dims);
        return b.runtime().call("permute", () -> {
            Tensor out = b.allocate(shape, x.dtype());
            copy(b, out, 0, shape.strides(), x, 0, inStrides, dims, "permute");
            return out;
        });
    }

    static Tensor slice(CudaBackend b, Tensor x, int axis, int start, int end) {
        int a = x.shape().axis(axis);
        ShapeRules.sliceRange("slice", x.shape(), a, start, end);
        Shape shape = x.shape().withDim(a, end - start);
        int[] xs = x.shape().strides();
        return b.runtime().call("slice", () -> {
            Tensor out = b.allocate(shape, x.dtype());
            copy(b, out, 0, shape.strides(), x, (long) start * xs[a], xs, shape.dims(), "slice");
            return out;
        });
    }

    static Tensor sliceScatter(CudaBackend b, Shape shape, int axis, int start, Tensor src) {
        int a = shape.axis(axis);
        int len = ShapeRules.sliceScatter(shape, axis, start, src);
        int[] os = shape.strides();
        return b.runtime().call("sliceScatter", () -> {
            Tensor out = b.allocate(shape, src.dtype());
            CudaElementwiseOps.zero(b, out);
            copy(b, out, (long) start * os[a], os, src, 0, src.shape().strides(), src.shape().dims(), "sliceScatter");
            return out;
        });
    }

    static Tensor concat(CudaBackend b, List<Tensor> xs, int axis) {
        Shape shape = ShapeRules.concat(xs, axis);
        Tensor first = xs.get(0);
        int a = first.shape().axis(axis);
        int[] os = shape.strides();
        return b.runtime().call("concat", () -> {
            Tensor out = b.allocate(shape, first.dtype());
            long offset = 0;
            for (Tensor t : xs) {
                copy(b, out, offset * os[a], os, t, 0, t.shape().strides(), t.shape().dims(), "concat");
                offset += t.dim(a);
            }
            return out;
        });
    }
}
