package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import java.util.List;

/** 2-D convolution forward and both gradients. */
final class CpuConvOps {
    private CpuConvOps() {
    }

    static Tensor conv2d(CpuBackend b, Tensor x, Tensor w, Tensor bias, Conv2dParams p) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor backwardInput(CpuBackend b, Tensor gradOut, Tensor w, Shape xShape, Conv2dParams p) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor backwardWeight(CpuBackend b, Tensor gradOut, Tensor x, Shape wShape, Conv2dParams p) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor backwardBias(CpuBackend b, Tensor gradOut) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
