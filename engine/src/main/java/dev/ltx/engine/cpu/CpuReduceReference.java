package dev.ltx.engine.cpu;

import dev.ltx.engine.DType;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/**
 * Scalar reference of the reductions: plain loops in double, visiting the input in row-major
 * order. The oracle for the fast paths, and the path F64 and integer tensors take in every mode.
 */
final class CpuReduceReference {
    private CpuReduceReference() {
    }

    static Tensor reduce(CpuBackend b, ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        boolean[] reduced = CpuReduceOps.reducedAxes(x.shape(), axes);
        Shape kept = CpuReduceOps.keptShape(x.shape(), reduced);
        int[] dims = x.shape().dims();
        int[] keptStrides = kept.strides();
        int[] outStride = new int[dims.length];
        for (int i = 0; i < dims.length; i++) outStride[i] = reduced[i] ? 0 : keptStrides[i];
        int outN = kept.numel();
        int count = outN == 0 ? 0 : x.numel() / outN;
        if (op == ReduceOp.MAX && count == 0 && outN > 0) {
            throw new IllegalArgumentException("reduce MAX: no elements to reduce in shape " + x.shape());
        }
        double[] v = x.toDoubles();
        double[] acc = new double[outN];
        if (op == ReduceOp.MAX) java.util.Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        int[] idx = new int[dims.length];
        int o = 0;
        for (int j = 0; j < v.length; j++) {
            double e = v[j];
            if (op == ReduceOp.MAX) {
                // NaN propagates: once a NaN is seen the result stays NaN.
                if (e > acc[o] || Double.isNaN(e)) acc[o] = e;
            } else {
                acc[o] += e;
            }
            for (int ax = dims.length - 1; ax >= 0; ax--) {
                idx[ax]++;
                o += outStride[ax];
                if (idx[ax] < dims[ax]) break;
                o -= outStride[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        if (op == ReduceOp.MEAN) {
            for (int i = 0; i < outN; i++) acc[i] /= count;
        }
        Shape out = keepDims ? kept : CpuReduceOps.droppedShape(x.shape(), reduced);
        return CpuElementwiseReference.make(b, acc, out, x.dtype());
    }

    static Tensor argmax(CpuBackend b, Tensor x, int axis) {
        int a = x.shape().axis(axis);
        int size = x.dim(a);
        int outer = x.shape().product(0, a);
        int inner = x.shape().product(a + 1, x.rank());
        Shape out = CpuReduceOps.droppedShape(x.shape(), CpuReduceOps.reducedAxes(x.shape(), new int[] {a}));
        if (size == 0 && outer * inner > 0) {
            throw new IllegalArgumentException("argmax: axis " + axis + " is empty in shape " + x.shape());
        }
        double[] v = x.toDoubles();
        long[] r = new long[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * size * inner + i;
                int best = 0;
                double bestV = v[base];
                for (int k = 1; k < size && !Double.isNaN(bestV); k++) {
                    double e = v[base + k * inner];
                    if (e > bestV || Double.isNaN(e)) {
                        best = k;
                        bestV = e;
                    }
                }
                r[o * inner + i] = best;
            }
        }
        return b.wrap(r, out, DType.I64);
    }
}
