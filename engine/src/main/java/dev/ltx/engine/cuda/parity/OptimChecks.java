package dev.ltx.engine.cuda.parity;

import dev.ltx.engine.AdamWUpdate;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Compare;
import dev.ltx.engine.Rng;
import dev.ltx.engine.SgdUpdate;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.kernels.Kernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parity checks of the fused optimizer kernels ({@code sgd.cu}): the single-tensor kernels against
 * a host evaluation, in double, of PyTorch's {@code torch.optim.SGD} and {@code torch.optim.AdamW}
 * update rules, and the group kernels (the {@link dev.ltx.engine.Backend#sgdStep} and
 * {@link dev.ltx.engine.Backend#adamwStep} ops the optimizers call) against the same ops of the
 * CPU reference backend, over three steps. Tolerances are derived in {@link NnChecks}; a group
 * check compares two results each within that bound of the exact values, so it allows twice it.
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

    /** Sizes of a group: an empty tensor, a single element, and tensors spanning many blocks. */
    private static final int[] GROUP = {4099, 0, 1, 257, 70001};

    static ParityCheck sgdGroup(double momentum, double dampening, double wd, boolean nesterov, long seed) {
        String name = "optim sgd_group_f32 sizes " + Arrays.toString(GROUP) + " momentum " + momentum
                + " wd " + wd + (nesterov ? " nesterov" : "");
        SgdUpdate u = new SgdUpdate(0.1, momentum, dampening, wd, nesterov);
        return new ParityCheck(name, List.of(Kernel.SGD_GROUP_F32), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            List<Tensor[]> p = group(rng, ref, gpu, true);
            List<Tensor[]> buf = group(rng, ref, gpu, false);
            List<Tensor[]> g = null;
            for (int step = 0; step < STEPS; step++) {
                g = group(rng, ref, gpu, true);
                ref.sgdStep(u, side(p, 0), side(g, 0), side(buf, 0), step == 0);
                gpu.sgdStep(u, side(p, 1), side(g, 1), side(buf, 1), step == 0);
            }
            List<Tensor> grads = side(g, 1);
            double atol = 2 * 30 * Data.EPS;
            Compare.Result r = momentum != 0 ? Data.merge(compare(ref, p, atol), compare(ref, buf, atol))
                    : compare(ref, p, atol);
            return new ParityCheck.Outcome(r, atol, 0,
                    () -> gpu.sgdStep(u, side(p, 1), grads, side(buf, 1), false));
        });
    }

    static ParityCheck adamwGroup(long seed) {
        AdamWUpdate u = new AdamWUpdate(1e-2, 0.9, 0.999, 1e-8, 1e-2);
        return new ParityCheck("optim adamw_group_f32 sizes " + Arrays.toString(GROUP),
                List.of(Kernel.ADAMW_GROUP_F32), (ref, gpu) -> {
                    Rng rng = new Rng(seed);
                    List<Tensor[]> p = group(rng, ref, gpu, true);
                    List<Tensor[]> m = group(rng, ref, gpu, false);
                    List<Tensor[]> v = group(rng, ref, gpu, false);
                    List<Tensor[]> g = null;
                    for (int t = 1; t <= STEPS; t++) {
                        g = group(rng, ref, gpu, true);
                        ref.adamwStep(u, t, side(p, 0), side(g, 0), side(m, 0), side(v, 0));
                        gpu.adamwStep(u, t, side(p, 1), side(g, 1), side(m, 1), side(v, 1));
                    }
                    List<Tensor> grads = side(g, 1);
                    double atol = 2 * 60 * Data.EPS;
                    Compare.Result r = Data.merge(compare(ref, p, atol), compare(ref, m, atol), compare(ref, v, atol));
                    return new ParityCheck.Outcome(r, atol, 0,
                            () -> gpu.adamwStep(u, STEPS + 1, side(p, 1), grads, side(m, 1), side(v, 1)));
                });
    }

    /** One (reference, GPU) pair per group size: uniform in [−1, 1], or zeros. */
    private static List<Tensor[]> group(Rng rng, Backend ref, CudaBackend gpu, boolean uniform) {
        List<Tensor[]> out = new ArrayList<>();
        for (int n : GROUP) {
            out.add(uniform ? Data.uniformPair(rng, ref, gpu, Shape.of(n), -1, 1)
                    : Data.pair(ref, gpu, new float[n], Shape.of(n)));
        }
        return out;
    }

    /** The reference (0) or GPU (1) tensors of a group. */
    private static List<Tensor> side(List<Tensor[]> pairs, int which) {
        List<Tensor> out = new ArrayList<>(pairs.size());
        for (Tensor[] pair : pairs) {
            out.add(pair[which]);
        }
        return out;
    }

    /** Every tensor of the group compared, elementwise, as one result. */
    private static Compare.Result compare(Backend ref, List<Tensor[]> pairs, double atol) {
        Compare.Result[] parts = new Compare.Result[pairs.size()];
        for (int k = 0; k < parts.length; k++) {
            parts[k] = Compare.arrays(ref.toDoubles(pairs.get(k)[0]), pairs.get(k)[1].toDoubles(), atol, 0);
        }
        return Data.merge(parts);
    }
}
