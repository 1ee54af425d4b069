package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import java.util.List;

/** Index-select along an axis and its adjoint, index-add. */
final class CpuIndexOps {
    private CpuIndexOps() {
    }

    static Tensor indexSelect(CpuBackend b, Tensor x, int axis, Tensor indices) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor indexAdd(CpuBackend b, Shape shape, int axis, Tensor indices, Tensor src) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
