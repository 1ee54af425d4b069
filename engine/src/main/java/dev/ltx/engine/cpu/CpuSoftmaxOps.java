package dev.ltx.engine.cpu;

import dev.ltx.engine.Checks;
import dev.ltx.engine.ShapeRules;
import dev.ltx.engine.Tensor;

/**
 * Softmax, log-softmax and fused cross-entropy: argument checks and the choice between the scalar
 * reference ({@link CpuSoftmaxReference}) and the F32 fast path ({@link CpuSoftmaxFast}: softmax and
 * log-softmax along the last axis, cross-entropy and its backward). Other axes take the reference.
 */
final class CpuSoftmaxOps {
    private CpuSoftmaxOps() {
    }

    static Tensor softmax(CpuBackend b, Tensor x, int axis) {
        return softmax(b, x, axis, false);
    }

    static Tensor logSoftmax(CpuBackend b, Tensor x, int axis) {
        return softmax(b, x, axis, true);
    }

    private static Tensor softmax(CpuBackend b, Tensor x, int axis, boolean log) {
        if (b.fast(x) && x.shape().axis(axis) == x.rank() - 1) {
            return CpuSoftmaxFast.lastAxis(b, x, log);
        }
        return CpuSoftmaxReference.softmax(b, x, axis, log);
    }

    static Tensor crossEntropy(CpuBackend b, Tensor logits, Tensor labels) {
        if (b.fast(logits)) {
            return CpuSoftmaxFast.crossEntropy(b, logits, checkCrossEntropy(logits, labels, null));
        }
        return CpuSoftmaxReference.crossEntropy(b, logits, labels);
    }

    static Tensor crossEntropyBackward(CpuBackend b, Tensor logits, Tensor labels, Tensor gradLoss) {
        if (b.fast(logits)) {
            int[] lab = checkCrossEntropy(logits, labels, gradLoss);
            return CpuSoftmaxFast.crossEntropyBackward(b, logits, lab, gradLoss);
        }
        return CpuSoftmaxReference.crossEntropyBackward(b, logits, labels, gradLoss);
    }

    /**
     * Checks cross-entropy operands (logits (N, C) floating; labels (N) integer, each in [0, C);
     * gradLoss, when given, (N) of the logits' dtype) and returns the labels as ints.
     */
    static int[] checkCrossEntropy(Tensor logits, Tensor labels, Tensor gradLoss) {
        String op = gradLoss == null ? "crossEntropy" : "crossEntropyBackward";
        Checks.floating(logits, op);
        ShapeRules.crossEntropy(logits, labels, gradLoss, op);
        int n = logits.dim(0);
        int c = logits.dim(1);
        long[] raw = labels.toLongs();
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            if (raw[i] < 0 || raw[i] >= c) {
                throw new IllegalArgumentException(op + ": label " + raw[i] + " at index " + i
                        + " is outside [0, " + c + ") for logits of shape " + logits.shape());
            }
            lab[i] = (int) raw[i];
        }
        return lab;
    }
}
