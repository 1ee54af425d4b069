package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import java.util.List;

/** Batch normalization forward (train/eval) and backward. */
final class CpuBatchNormOps {
    private CpuBatchNormOps() {
    }

    static BatchNormResult train(CpuBackend b, Tensor x, Tensor gamma, Tensor beta, double eps) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor eval(CpuBackend b, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, double eps) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static BatchNormGrads backward(CpuBackend b, Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
