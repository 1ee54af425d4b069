package dev.ltx.engine.cuda.parity;

import dev.ltx.engine.Compare;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;
import java.util.List;

/**
 * Parity checks of the fused optimizer kernels ({@code sgd.cu}) against a host evaluation, in
 * double, of PyTorch's {@code torch.optim.SGD} and {@code torch.optim.AdamW} update rules, over
 * three steps. Tolerances are derived in {@link NnChecks}.
 */
final class OptimChecks {
    private static final int STEPS = 3;

    private OptimChecks() {
    }

    static ParityCheck sgd(int n, double momentum, double dampening, double wd, boolean nesterov, long seed) {
        String name = "optim sgd_f32 n=" + n + " momentum " + momentum + " dampening " + dampening + " wd " + wd
                + (nesterov ? " nesterov" : "");
        double lr = 0.1;
        return new ParityCheck(name, List.of(Kernel.SGD_F32), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            float[] p0 = Data.uniform(rng, n, -1, 1);
            double[] p = toDouble(p0);
            double[] buf = new double[n];
            Tensor gp = gpu.fromFloats(p0, Shape.of(n));
            Tensor gbuf = gpu.zeros(Shape.of(n), dev.ltx.engine.DType.F32);
            Tensor gg = null;
            for (int step = 0; step < STEPS; step++) {
                float[] g = Data.uniform(rng, n, -1, 1);
                gg = gpu.fromFloats(g, Shape.of(n));
                gpu.sgdStep(gp, gbuf, gg, lr, momentum, dampening, wd, nesterov, step == 0);
                for (int i = 0; i < n; i++) {
                    double d = g[i] + wd * p[i];
                    if (momentum != 0) {
                        buf[i] = step == 0 ? d : momentum * buf[i] + (1 - dampening) * d;
                        d = nesterov ? d + momentum * buf[i] : buf[i];
                    }
                    p[i] -= lr * d;
                }
            }
            Tensor grad = gg;
            double atol = 30 * Data.EPS;
            Compare.Result r = Data.merge(Compare.arrays(p, gp.toDoubles(), atol, 0),
                    Compare.arrays(buf, momentum != 0 ? gbuf.toDoubles() : new double[n], atol, 0));
            return new ParityCheck.Outcome(r, atol, 0,
                    () -> gpu.sgdStep(gp, gbuf, grad, lr, momentum, dampening, wd, nesterov, false));
        });
    }

    static ParityCheck adamw(int n, long seed) {
        double lr = 1e-2;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double wd = 1e-2;
        return new ParityCheck("optim adamw_f32 n=" + n, List.of(Kernel.ADAMW_F32), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            float[] p0 = Data.uniform(rng, n, -1, 1);
            double[] p = toDouble(p0);
            double[] m = new double[n];
            double[] v = new double[n];
            Tensor gp = gpu.fromFloats(p0, Shape.of(n));
            Tensor gm = gpu.zeros(Shape.of(n), dev.ltx.engine.DType.F32);
            Tensor gv = gpu.zeros(Shape.of(n), dev.ltx.engine.DType.F32);
            Tensor gg = null;
            for (int t = 1; t <= STEPS; t++) {
                float[] g = Data.uniform(rng, n, -1, 1);
                if (t == 2) g[0] = 0; // a zero gradient: the update divides by sqrt(v)/c + eps
                gg = gpu.fromFloats(g, Shape.of(n));
                gpu.adamwStep(gp, gm, gv, gg, t, lr, b1, b2, eps, wd);
                double bc1 = 1 - Math.pow(b1, t);
                double bc2 = 1 - Math.pow(b2, t);
                for (int i = 0; i < n; i++) {
                    p[i] *= 1 - lr * wd;
                    m[i] = b1 * m[i] + (1 - b1) * g[i];
                    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
                }
            }
            Tensor grad = gg;
            double atol = 60 * Data.EPS;
            Compare.Result r = Data.merge(Compare.arrays(p, gp.toDoubles(), atol, 0),
                    Compare.arrays(m, gm.toDoubles(), atol, 0), Compare.arrays(v, gv.toDoubles(), atol, 0));
            return new ParityCheck.Outcome(r, atol, 0,
                    () -> gpu.adamwStep(gp, gm, gv, grad, STEPS + 1, lr, b1, b2, eps, wd));
        });
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
