package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import java.util.List;

/** Max and average pooling forward and backward. */
final class CpuPoolOps {
    private CpuPoolOps() {
    }

    static MaxPoolResult maxPool2d(CpuBackend b, Tensor x, Pool2dParams p) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor maxPool2dBackward(CpuBackend b, Tensor gradOut, Tensor indices, Shape xShape, Pool2dParams p) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor avgPool2d(CpuBackend b, Tensor x, Pool2dParams p) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor avgPool2dBackward(CpuBackend b, Tensor gradOut, Shape xShape, Pool2dParams p) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
