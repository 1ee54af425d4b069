package dev.ltx.engine.cuda;

import dev.ltx.engine.Checks;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;

/**
 * Fused optimizer steps ({@code sgd.cu}): one kernel per parameter tensor instead of the 3–6
 * {@code axpby}/elementwise launches of the generic optimizers. Definitions follow PyTorch's
 * {@code torch.optim.SGD} and {@code torch.optim.AdamW}.
 */
final class CudaOptimOps {
    private CudaOptimOps() {
    }

    private static void like(Tensor p, Tensor t, String what, String op) {
        if (t == null) throw new IllegalArgumentException(op + ": " + what + " is required");
        Checks.sameFloating(p, t, op);
        Checks.sameShape(p, t, op);
    }

    /**
     * One SGD step: {@code g' = g + wd·p}; with momentum, {@code buf = firstStep ? g' : momentum·buf
     * + (1 − dampening)·g'} and the step direction is {@code buf} (or {@code g' + momentum·buf} for
     * Nesterov); {@code p −= lr·direction}. {@code momentumBuffer} may be null when momentum is 0.
     */
    static void sgd(CudaBackend b, Tensor param, Tensor momentumBuffer, Tensor grad, double lr, double momentum,
                    double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        String op = "sgdStep";
        CudaBackend.requireF32(param, op);
        like(param, grad, "grad", op);
        if (momentum != 0) like(param, momentumBuffer, "momentum buffer", op);
        CudaRuntime rt = b.runtime();
        rt.run(op, () -> {
            KernelArgs args = new KernelArgs().ptr(b.address(param));
            if (momentum != 0) args.ptr(b.address(momentumBuffer));
            else args.nullPtr();
            args.ptr(b.address(grad)).i32(param.numel()).f64(lr).f64(momentum).f64(dampening).f64(weightDecay)
                    .i32(nesterov ? 1 : 0).i32(firstStep ? 1 : 0);
            rt.launch1d(Kernel.SGD_F32, param.numel(), args);
        });
    }

    /**
     * AdamW step number {@code step} (1 for the first): {@code p *= 1 − lr·wd}, moments updated,
     * {@code p −= lr/(1−β1^t) · m / (sqrt(v)/sqrt(1−β2^t) + eps)}.
     */
    static void adamw(CudaBackend b, Tensor param, Tensor expAvg, Tensor expAvgSq, Tensor grad, long step, double lr,
                      double beta1, double beta2, double eps, double weightDecay) {
        String op = "adamwStep";
        CudaBackend.requireF32(param, op);
        like(param, grad, "grad", op);
        like(param, expAvg, "exp_avg", op);
        like(param, expAvgSq, "exp_avg_sq", op);
        if (step < 1) throw new IllegalArgumentException(op + ": step must be >= 1, got " + step);
        double bc1 = 1.0 - Math.pow(beta1, step);
        double bc2 = 1.0 - Math.pow(beta2, step);
        CudaRuntime rt = b.runtime();
        rt.run(op, () -> rt.launch1d(Kernel.ADAMW_F32, param.numel(), new KernelArgs().ptr(b.address(param))
                .ptr(b.address(expAvg)).ptr(b.address(expAvgSq)).ptr(b.address(grad)).i32(param.numel()).f64(lr)
                .f64(beta1).f64(beta2).f64(eps).f64(weightDecay).f64(bc1).f64(bc2)));
    }
}
