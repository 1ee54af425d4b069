package dev.ltx.engine.cuda;

import dev.ltx.engine.AdamWUpdate;
import dev.ltx.engine.Checks;
import dev.ltx.engine.GenericFusedOps;
import dev.ltx.engine.SgdUpdate;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fused optimizer steps ({@code sgd.cu}): one launch per parameter group ({@code sgd_group_f32},
 * {@code adamw_group_f32}) instead of 3–7 {@code axpby}/elementwise launches per parameter, or one
 * kernel per tensor. Definitions follow PyTorch's {@code torch.optim.SGD} and
 * {@code torch.optim.AdamW}. A group launch reads a small table (the tensors' addresses and
 * element offsets, 8 bytes each) uploaded into a temporary buffer that goes back to the allocator's
 * cache at once, so a step's device memory does not grow.
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

    /** SGD over a group in one {@code sgd_group_f32} launch (nothing when the group is empty). */
    static void sgdGroup(CudaBackend b, SgdUpdate u, List<Tensor> params, List<Tensor> grads, List<Tensor> buffers,
                         boolean firstStep) {
        GenericFusedOps.checkSgd(u, params, grads, buffers);
        boolean momentum = u.momentum() != 0.0;
        List<List<Tensor>> columns = momentum ? List.of(params, buffers, grads) : List.of(params, grads);
        groupLaunch(b, "sgdStep", columns, momentum ? -1 : 1, Kernel.SGD_GROUP_F32, args -> args.f64(u.lr())
                .f64(u.momentum()).f64(u.dampening()).f64(u.weightDecay()).i32(u.nesterov() ? 1 : 0)
                .i32(firstStep ? 1 : 0));
    }

    /** AdamW step number {@code step} over a group in one {@code adamw_group_f32} launch. */
    static void adamwGroup(CudaBackend b, AdamWUpdate u, long step, List<Tensor> params, List<Tensor> grads,
                           List<Tensor> expAvg, List<Tensor> expAvgSq) {
        GenericFusedOps.checkAdamW(step, params, grads, expAvg, expAvgSq);
        double bc1 = 1.0 - Math.pow(u.beta1(), step);
        double bc2 = 1.0 - Math.pow(u.beta2(), step);
        groupLaunch(b, "adamwStep", List.of(params, expAvg, expAvgSq, grads), -1, Kernel.ADAMW_GROUP_F32,
                args -> args.f64(u.lr()).f64(u.beta1()).f64(u.beta2()).f64(u.eps()).f64(u.weightDecay()).f64(bc1)
                        .f64(bc2));
    }

    /**
     * Uploads the table of a group kernel (per tensor k, the addresses of {@code columns} in order,
     * with a 0 slot inserted at column index {@code nullSlot} when it is not -1; then the count + 1
     * element offsets) and launches {@code kernel(table, count, total, scalars...)} over the total.
     */
    private static void groupLaunch(CudaBackend b, String op, List<List<Tensor>> columns, int nullSlot, Kernel kernel,
                                    Consumer<KernelArgs> scalars) {
        List<Tensor> params = columns.get(0);
        int count = params.size();
        int per = columns.size() + (nullSlot >= 0 ? 1 : 0);
        long total = 0;
        for (Tensor p : params) {
            CudaBackend.requireF32(p, op);
            total += p.numel();
        }
        long[] table = new long[per * count + count + 1];
        long start = 0;
        for (int k = 0; k < count; k++) {
            int slot = 0;
            for (int c = 0; c < columns.size(); c++, slot++) {
                if (slot == nullSlot) slot++;
                table[per * k + slot] = b.address(columns.get(c).get(k));
            }
            table[per * count + k] = start;
            start += params.get(k).numel();
        }
        table[per * count + count] = start;
        long n = total;
        CudaRuntime rt = b.runtime();
        rt.run(op, () -> {
            if (n == 0) return;
            try (DeviceBuffer t = rt.alloc(8L * table.length)) {
                rt.upload(t, table, 8L * table.length);
                KernelArgs args = new KernelArgs().ptr(t.address()).i32(count).i64(n);
                scalars.accept(args);
                rt.launch1d(kernel, n, args);
            }
        });
    }
}
