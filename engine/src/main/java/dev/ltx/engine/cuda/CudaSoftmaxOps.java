package dev.ltx.engine.cuda;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.ShapeRules;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;

/**
 * Softmax, log-softmax and cross-entropy with its gradient ({@code softmax_xent.cu}). Labels stay
 * on the device: the kernels check their range and raise a flag, read back after the launch.
 */
final class CudaSoftmaxOps {
    private CudaSoftmaxOps() {
    }

    static Tensor softmax(CudaBackend b, Tensor x, int axis, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        CudaBackend.requireF32(x, name);
        int a = x.shape().axis(axis);
        int outer = x.shape().product(0, a);
        int r = x.dim(a);
        int inner = x.shape().product(a + 1, x.rank());
        CudaRuntime rt = b.runtime();
        return rt.call(name, () -> {
            Tensor out = b.allocate(x.shape(), DType.F32);
            rt.launchRows(log ? Kernel.LOG_SOFTMAX_F32 : Kernel.SOFTMAX_F32, (long) outer * inner,
                    new KernelArgs().ptr(b.address(out)).ptr(b.address(x)).i32(outer).i32(r).i32(inner));
            return out;
        });
    }

    /** Per-sample loss (gradLoss null) or the gradient with respect to the logits. */
    static Tensor crossEntropy(CudaBackend b, Tensor logits, Tensor labels, Tensor gradLoss) {
        String op = gradLoss == null ? "crossEntropy" : "crossEntropyBackward";
        CudaBackend.requireF32(logits, op);
        ShapeRules.crossEntropy(logits, labels, gradLoss, op);
        int n = logits.dim(0);
        int c = logits.dim(1);
        int wide = labels.dtype() == DType.I64 ? 1 : 0;
        CudaRuntime rt = b.runtime();
        return rt.call(op, () -> {
            Tensor out = b.allocate(gradLoss == null ? Shape.of(n) : logits.shape(), DType.F32);
            try (DeviceBuffer bad = rt.flag()) {
                KernelArgs args = new KernelArgs().ptr(b.address(out)).ptr(bad.address()).ptr(b.address(logits))
                        .ptr(b.address(labels)).i32(wide);
                if (gradLoss == null) {
                    rt.launchRows(Kernel.CROSS_ENTROPY_F32, n, args.i32(n).i32(c));
                } else {
                    rt.launchRows(Kernel.CROSS_ENTROPY_BACKWARD_F32, n, args.ptr(b.address(gradLoss)).i32(n).i32(c));
                }
                if (rt.flagged(bad)) {
                    out.close();
                    throw new IllegalArgumentException(op + ": a label is outside [0, " + c + ") for logits of shape "
                            + logits.shape());
                }
            }
            return out;
        });
    }
}
