package dev.ltx.engine.cpu;

import dev.ltx.engine.Checks;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/**
 * Scalar reference of softmax, log-softmax and the fused cross-entropy, computing in double. Every
 * group subtracts its maximum before exponentiating, so large logits cannot overflow.
 */
final class CpuSoftmaxReference {
    private CpuSoftmaxReference() {
    }

    static Tensor softmax(CpuBackend b, Tensor x, int axis, boolean log) {
        Checks.floating(x, log ? "logSoftmax" : "softmax");
        int a = x.shape().axis(axis);
        int size = x.dim(a);
        int outer = x.shape().product(0, a);
        int inner = x.shape().product(a + 1, x.rank());
        double[] v = x.toDoubles();
        double[] r = new double[v.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * size * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < size; k++) max = Math.max(max, v[base + k * inner]);
                double sum = 0;
                for (int k = 0; k < size; k++) sum += Math.exp(v[base + k * inner] - max);
                double logSum = Math.log(sum);
                for (int k = 0; k < size; k++) {
                    int j = base + k * inner;
                    r[j] = log ? v[j] - max - logSum : Math.exp(v[j] - max) / sum;
                }
            }
        }
        return CpuElementwiseReference.make(b, r, x.shape(), x.dtype());
    }

    static Tensor crossEntropy(CpuBackend b, Tensor logits, Tensor labels) {
        int[] lab = CpuSoftmaxOps.checkCrossEntropy(logits, labels, null);
        int n = logits.dim(0);
        int c = logits.dim(1);
        double[] v = logits.toDoubles();
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            loss[i] = logSumExp(v, i * c, c) - v[i * c + lab[i]];
        }
        return CpuElementwiseReference.make(b, loss, Shape.of(n), logits.dtype());
    }

    static Tensor crossEntropyBackward(CpuBackend b, Tensor logits, Tensor labels, Tensor gradLoss) {
        int[] lab = CpuSoftmaxOps.checkCrossEntropy(logits, labels, gradLoss);
        int n = logits.dim(0);
        int c = logits.dim(1);
        double[] v = logits.toDoubles();
        double[] g = gradLoss.toDoubles();
        double[] r = new double[v.length];
        for (int i = 0; i < n; i++) {
            double lse = logSumExp(v, i * c, c);
            for (int k = 0; k < c; k++) {
                double p = Math.exp(v[i * c + k] - lse);
                r[i * c + k] = (p - (k == lab[i] ? 1.0 : 0.0)) * g[i];
            }
        }
        return CpuElementwiseReference.make(b, r, logits.shape(), logits.dtype());
    }

    /** {@code log(sum(exp(v[from .. from+n))))}, computed stably. */
    private static double logSumExp(double[] v, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) max = Math.max(max, v[from + k]);
        double sum = 0;
        for (int k = 0; k < n; k++) sum += Math.exp(v[from + k] - max);
        return max + Math.log(sum);
    }
}
