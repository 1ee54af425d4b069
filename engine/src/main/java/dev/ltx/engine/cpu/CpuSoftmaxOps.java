package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import java.util.List;

/** Softmax, log-softmax and fused cross-entropy. */
final class CpuSoftmaxOps {
    private CpuSoftmaxOps() {
    }

    static Tensor softmax(CpuBackend b, Tensor x, int axis) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor logSoftmax(CpuBackend b, Tensor x, int axis) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor crossEntropy(CpuBackend b, Tensor logits, Tensor labels) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor crossEntropyBackward(CpuBackend b, Tensor logits, Tensor labels, Tensor gradLoss) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
