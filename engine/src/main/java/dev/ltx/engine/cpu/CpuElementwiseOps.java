package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import java.util.List;

/** Elementwise unary/binary (broadcasting), scale, addScalar and axpby. */
final class CpuElementwiseOps {
    private CpuElementwiseOps() {
    }

    static Tensor unary(CpuBackend b, UnaryOp op, Tensor x) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor binary(CpuBackend b, BinaryOp op, Tensor x, Tensor y) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor scale(CpuBackend b, Tensor x, double s) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor addScalar(CpuBackend b, Tensor x, double s) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static void axpby(CpuBackend b, double alpha, Tensor x, double beta, Tensor y) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
