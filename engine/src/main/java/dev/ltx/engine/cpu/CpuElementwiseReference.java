package dev.ltx.engine.cpu;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Broadcast;
import dev.ltx.engine.Checks;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;

/**
 * Scalar reference of the elementwise ops: plain loops computing in double on {@code double[]}
 * copies, results written back in the operand's dtype. This is the oracle the fast paths are
 * tested against; it also serves F64 and integer tensors in every mode. The two write-back
 * helpers are shared by the other reference classes of this package.
 */
final class CpuElementwiseReference {
    private CpuElementwiseReference() {
    }

    static Tensor unary(CpuBackend b, UnaryOp op, Tensor x) {
        double[] v = x.toDoubles();
        for (int i = 0; i < v.length; i++) v[i] = op.apply(v[i]);
        return make(b, v, x.shape(), x.dtype());
    }

    static Tensor binary(CpuBackend b, BinaryOp op, Tensor x, Tensor y) {
        Shape out = CpuElementwiseOps.checkBinary(op, x, y);
        double[] xv = x.toDoubles();
        double[] yv = y.toDoubles();
        int[] xi = Broadcast.sourceIndices(x.shape(), out);
        int[] yi = Broadcast.sourceIndices(y.shape(), out);
        double[] r = new double[out.numel()];
        for (int j = 0; j < r.length; j++) r[j] = op.apply(xv[xi[j]], yv[yi[j]]);
        return make(b, r, out, x.dtype());
    }

    static Tensor scale(CpuBackend b, Tensor x, double s) {
        double[] v = x.toDoubles();
        for (int i = 0; i < v.length; i++) v[i] *= s;
        return make(b, v, x.shape(), x.dtype());
    }

    static Tensor addScalar(CpuBackend b, Tensor x, double s) {
        double[] v = x.toDoubles();
        for (int i = 0; i < v.length; i++) v[i] += s;
        return make(b, v, x.shape(), x.dtype());
    }

    static void axpby(double alpha, Tensor x, double beta, Tensor y) {
        CpuElementwiseOps.checkAxpby(x, y);
        double[] xv = x.toDoubles();
        double[] yv = y.toDoubles();
        for (int i = 0; i < yv.length; i++) yv[i] = alpha * xv[i] + beta * yv[i];
        store(y, yv);
    }

    /** A new tensor of {@code dtype} holding {@code v} converted (integers truncate toward zero). */
    static Tensor make(CpuBackend b, double[] v, Shape shape, DType dtype) {
        Checks.length(v.length, shape, "make");
        if (dtype == DType.F64) return b.wrap(v, shape, DType.F64);
        Tensor t = b.empty(shape, dtype);
        store(t, v);
        return t;
    }

    /** In place: {@code t}'s first {@code v.length} elements become {@code v}, converted to its dtype. */
    static void store(Tensor t, double[] v) {
        int n = v.length;
        switch (t.dtype()) {
            case F32 -> {
                float[] a = CpuStorage.f32(t);
                for (int i = 0; i < n; i++) a[i] = (float) v[i];
            }
            case F64 -> System.arraycopy(v, 0, CpuStorage.f64(t), 0, n);
            case I32 -> {
                int[] a = CpuStorage.i32(t);
                for (int i = 0; i < n; i++) a[i] = (int) v[i];
            }
            case I64 -> {
                long[] a = CpuStorage.i64(t);
                for (int i = 0; i < n; i++) a[i] = (long) v[i];
            }
        }
    }
}
