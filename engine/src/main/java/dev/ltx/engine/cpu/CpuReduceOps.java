package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import java.util.List;

/** Reductions over axes and argmax. */
final class CpuReduceOps {
    private CpuReduceOps() {
    }

    static Tensor reduce(CpuBackend b, ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor argmax(CpuBackend b, Tensor x, int axis) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
