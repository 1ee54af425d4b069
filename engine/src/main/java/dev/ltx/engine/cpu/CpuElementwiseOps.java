package dev.ltx.engine.cpu;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Broadcast;
import dev.ltx.engine.Checks;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;

/**
 * Elementwise unary/binary (numpy broadcasting), scale, addScalar and axpby: argument checks and
 * the choice between the scalar reference ({@link CpuElementwiseReference}) and the F32 fast path
 * ({@link CpuElementwiseFast}).
 *
 * <p>Operands of a binary op and of axpby must share one dtype. Integer tensors are accepted too
 * (they take the reference path, which computes in double and truncates toward zero on the way
 * back), although the op set only promises floating operands.
 */
final class CpuElementwiseOps {
    private CpuElementwiseOps() {
    }

    static Tensor unary(CpuBackend b, UnaryOp op, Tensor x) {
        return b.fast(x) ? CpuElementwiseFast.unary(b, op, x) : CpuElementwiseReference.unary(b, op, x);
    }

    static Tensor binary(CpuBackend b, BinaryOp op, Tensor x, Tensor y) {
        return b.fast(x) && b.fast(y) ? CpuElementwiseFast.binary(b, op, x, y)
                : CpuElementwiseReference.binary(b, op, x, y);
    }

    static Tensor scale(CpuBackend b, Tensor x, double s) {
        return b.fast(x) ? CpuElementwiseFast.affine(b, x, s, 0.0) : CpuElementwiseReference.scale(b, x, s);
    }

    static Tensor addScalar(CpuBackend b, Tensor x, double s) {
        return b.fast(x) ? CpuElementwiseFast.affine(b, x, 1.0, s) : CpuElementwiseReference.addScalar(b, x, s);
    }

    static void axpby(CpuBackend b, double alpha, Tensor x, double beta, Tensor y) {
        if (b.fast(x) && b.fast(y)) {
            CpuElementwiseFast.axpby(b, alpha, x, beta, y);
        } else {
            CpuElementwiseReference.axpby(alpha, x, beta, y);
        }
    }

    /** Checks a binary op's operands (one dtype, broadcastable) and returns the result shape. */
    static Shape checkBinary(BinaryOp op, Tensor x, Tensor y) {
        String name = "binary " + op;
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException(name + ": dtypes differ: " + x.dtype() + " " + x.shape()
                    + " vs " + y.dtype() + " " + y.shape());
        }
        return Broadcast.shape(x.shape(), y.shape(), name);
    }

    /** Checks axpby's operands: same shape and dtype. */
    static void checkAxpby(Tensor x, Tensor y) {
        Checks.sameShape(x, y, "axpby");
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException("axpby: dtypes differ: " + x.dtype() + " " + x.shape()
                    + " vs " + y.dtype() + " " + y.shape());
        }
    }
}
