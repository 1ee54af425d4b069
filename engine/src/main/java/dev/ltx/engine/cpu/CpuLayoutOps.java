package dev.ltx.engine.cpu;

import dev.ltx.engine.Shape;
import dev.ltx.engine.ShapeRules;
import dev.ltx.engine.Tensor;
import java.util.List;

/**
 * Permute, concat, slice and slice-scatter. These are exact data movement, so one implementation
 * serves every dtype and both modes: contiguous inner blocks are moved with
 * {@link System#arraycopy}; a permutation that moves the last axis gathers single elements
 * through a precomputed offset table (one tight loop per dtype).
 */
final class CpuLayoutOps {
    private CpuLayoutOps() {
    }

    static Tensor permute(CpuBackend b, Tensor x, int[] perm) {
        Shape in = x.shape();
        int rank = in.rank();
        int[] p = ShapeRules.permutation(in, perm);
        int[] inDims = in.dims();
        int[] inStrides = in.strides();
        int[] outDims = new int[rank];
        for (int i = 0; i < rank; i++) outDims[i] = inDims[p[i]];
        Shape outShape = Shape.of(outDims);
        Tensor out = b.empty(outShape, x.dtype());
        int n = x.numel();
        if (n == 0) return out;
        // Trailing axes that stay in place form contiguous runs copied whole.
        int keep = rank;
        while (keep > 0 && p[keep - 1] == keep - 1) keep--;
        int run = in.product(keep, rank);
        // Source offset of every run, walking the output's leading axes in row-major order.
        int[] from = new int[n / run];
        int[] idx = new int[keep];
        int s = 0;
        for (int k = 0; k < from.length; k++) {
            from[k] = s;
            for (int ax = keep - 1; ax >= 0; ax--) {
                idx[ax]++;
                s += inStrides[p[ax]];
                if (idx[ax] < outDims[ax]) break;
                s -= inStrides[p[ax]] * idx[ax];
                idx[ax] = 0;
            }
        }
        if (run > 1) {
            Object src = array(x);
            Object dst = array(out);
            for (int k = 0; k < from.length; k++) System.arraycopy(src, from[k], dst, k * run, run);
        } else {
            gather(x, out, from);
        }
        return out;
    }

    static Tensor concat(CpuBackend b, List<Tensor> xs, int axis) {
        Shape outShape = ShapeRules.concat(xs, axis);
        Tensor first = xs.get(0);
        int a = first.shape().axis(axis);
        Tensor out = b.empty(outShape, first.dtype());
        int outer = outShape.product(0, a);
        int inner = outShape.product(a + 1, outShape.rank());
        int total = outShape.dim(a);
        Object dst = array(out);
        int offset = 0;
        for (Tensor t : xs) {
            int block = t.dim(a) * inner;
            Object src = array(t);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * block, dst, o * total * inner + offset, block);
            }
            offset += block;
        }
        return out;
    }

    static Tensor slice(CpuBackend b, Tensor x, int axis, int start, int end) {
        int a = x.shape().axis(axis);
        ShapeRules.sliceRange("slice", x.shape(), a, start, end);
        Shape outShape = x.shape().withDim(a, end - start);
        Tensor out = b.empty(outShape, x.dtype());
        copyBlocks(array(x), x.shape(), array(out), a, start, end - start, false);
        return out;
    }

    static Tensor sliceScatter(CpuBackend b, Shape shape, int axis, int start, Tensor src) {
        int a = shape.axis(axis);
        int len = ShapeRules.sliceScatter(shape, axis, start, src);
        Tensor out = b.zeros(shape, src.dtype());
        copyBlocks(array(src), shape, array(out), a, start, len, true);
        return out;
    }

    /**
     * Moves the blocks {@code [start, start+len)} along axis {@code a} of the full tensor of shape
     * {@code full} to or from a packed tensor of that axis length.
     */
    private static void copyBlocks(Object from, Shape full, Object to, int a, int start, int len, boolean scatter) {
        int outer = full.product(0, a);
        int inner = full.product(a + 1, full.rank());
        int fullBlock = full.dim(a) * inner;
        int block = len * inner;
        for (int o = 0; o < outer; o++) {
            int f = o * fullBlock + start * inner;
            int p = o * block;
            if (scatter) {
                System.arraycopy(from, p, to, f, block);
            } else {
                System.arraycopy(from, f, to, p, block);
            }
        }
    }

    /** The backing array of a CPU tensor of any dtype. */
    static Object array(Tensor t) {
        return switch (t.dtype()) {
            case F32 -> CpuStorage.f32(t);
            case F64 -> CpuStorage.f64(t);
            case I32 -> CpuStorage.i32(t);
            case I64 -> CpuStorage.i64(t);
        };
    }

    /** {@code out[k] = x[from[k]]} for every element, one tight loop per dtype. */
    private static void gather(Tensor x, Tensor out, int[] from) {
        switch (x.dtype()) {
            case F32 -> {
                float[] a = CpuStorage.f32(x);
                float[] r = CpuStorage.f32(out);
                for (int k = 0; k < from.length; k++) r[k] = a[from[k]];
            }
            case F64 -> {
                double[] a = CpuStorage.f64(x);
                double[] r = CpuStorage.f64(out);
                for (int k = 0; k < from.length; k++) r[k] = a[from[k]];
            }
            case I32 -> {
                int[] a = CpuStorage.i32(x);
                int[] r = CpuStorage.i32(out);
                for (int k = 0; k < from.length; k++) r[k] = a[from[k]];
            }
            case I64 -> {
                long[] a = CpuStorage.i64(x);
                long[] r = CpuStorage.i64(out);
                for (int k = 0; k < from.length; k++) r[k] = a[from[k]];
            }
        }
    }
}
