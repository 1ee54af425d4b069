package dev.ltx.engine.cuda.parity;

import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parity checks of {@code reduce.cu} and {@code softmax_xent.cu}.
 *
 * <p>Tolerances. The device sums a group of r values in float, each lane sequentially over about
 * r/32 of them and then a 5-level butterfly, so the summation depth is r/32 + 5 and the error is
 * at most {@link Data#sumBound} of the values' magnitude; the reference sums in double and rounds
 * once (one more ulp). MAX and argmax are exact. Softmax: {@code x − max} is rounded (relative
 * effect on exp up to |x − max|·ε/2 ≤ 8ε for inputs in [−8, 8]), {@code expf} adds 2 ulp and the
 * sum of exps the summation depth: relative tolerance (r/32 + 20)·ε. Log-softmax and the loss
 * subtract log-sum-exp: absolute tolerance (r/32 + 20)·ε times the magnitude of the terms
 * (|x| ≤ 8 plus log r). The loss gradient is the softmax times |gradLoss| ≤ 2.
 */
final class ReduceChecks {
    private ReduceChecks() {
    }

    static List<ParityCheck> all(long seed) {
        List<ParityCheck> checks = new ArrayList<>();
        Shape s = Shape.of(6, 35, 1, 19);
        int[][] axes = {{}, {1}, {3}, {0, 1}, {1, 3}, {0, 3}, {-1, 0, 1}};
        int k = 0;
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] a : axes) checks.add(reduce(op, s, a, k % 2 == 0, seed + k++));
        }
        checks.add(reduce(ReduceOp.SUM, Shape.of(3, 100_003), new int[] {1}, false, seed + 50));
        checks.add(argmax(Shape.of(7, 33, 5), 1, seed + 51));
        checks.add(argmax(Shape.of(41, 257), -1, seed + 52));
        checks.add(softmax(Shape.of(9, 257), 1, false, seed + 53));
        checks.add(softmax(Shape.of(3, 31, 5), 1, true, seed + 54));
        checks.add(softmax(Shape.of(4, 1000), -1, true, seed + 55));
        checks.add(crossEntropy(67, 10, true, seed + 56));
        checks.add(crossEntropy(33, 1000, false, seed + 57));
        return checks;
    }

    static ParityCheck reduce(ReduceOp op, Shape s, int[] axes, boolean keep, long seed) {
        Kernel k = op == ReduceOp.MAX ? Kernel.REDUCE_MAX_F32 : Kernel.REDUCE_SUM_F32;
        String name = "reduce " + op + " " + s + " axes " + Arrays.toString(axes) + (keep ? " keepDims" : "");
        return new ParityCheck(name, List.of(k, Kernel.STRIDED_COPY_F32), (ref, gpu) -> {
            Tensor[] x = Data.uniformPair(new Rng(seed), ref, gpu, s, -1, 1);
            Tensor r = ref.reduce(op, x[0], axes, keep);
            int group = r.numel() == 0 ? 0 : s.numel() / r.numel();
            double atol = switch (op) {
                case MAX -> 0.0;
                case SUM -> Data.sumBound(group / 32 + 5, group, 1.0);
                case MEAN -> Data.sumBound(group / 32 + 5, group, 1.0) / Math.max(1, group);
            };
            double rtol = op == ReduceOp.MAX ? 0.0 : 2 * Data.EPS;
            return Data.compare(r, gpu.reduce(op, x[1], axes, keep), atol, rtol,
                    () -> gpu.reduce(op, x[1], axes, keep).close());
        });
    }

    /** Random data plus a group with a tie (the first index wins) and one with two NaNs (the first NaN wins). */
    static ParityCheck argmax(Shape s, int axis, long seed) {
        return new ParityCheck("reduce argmax " + s + " axis " + axis, List.of(Kernel.ARGMAX_F32), (ref, gpu) -> {
            float[] v = Data.uniform(new Rng(seed), s.numel(), -1, 1);
            int a = s.axis(axis);
            int inner = s.product(a + 1, s.rank());
            int len = s.dim(a);
            v[0] = 5;
            v[(len - 1) * inner] = 5;           // a tie in the first group
            if (inner == 1) {
                v[len + 2] = Float.NaN;         // NaNs in the second row: the first one wins
                v[len + 4] = Float.NaN;
            } else {
                v[1 + 2 * inner] = Float.NaN;   // NaNs in the second group of the first outer index
                v[1 + 3 * inner] = Float.NaN;
            }
            Tensor[] x = Data.pair(ref, gpu, v, s);
            return Data.compare(ref.argmax(x[0], axis), gpu.argmax(x[1], axis), 0.0, 0.0,
                    () -> gpu.argmax(x[1], axis).close());
        });
    }

    static ParityCheck softmax(Shape s, int axis, boolean log, long seed) {
        Kernel k = log ? Kernel.LOG_SOFTMAX_F32 : Kernel.SOFTMAX_F32;
        return new ParityCheck("softmax " + k.symbol() + " " + s + " axis " + axis, List.of(k), (ref, gpu) -> {
            Tensor[] x = Data.uniformPair(new Rng(seed), ref, gpu, s, -8, 8);
            int r = s.dim(axis);
            double depth = r / 32.0 + 20;
            Tensor want = log ? ref.logSoftmax(x[0], axis) : ref.softmax(x[0], axis);
            Tensor got = log ? gpu.logSoftmax(x[1], axis) : gpu.softmax(x[1], axis);
            double atol = log ? depth * Data.EPS * (8 + Math.log(r) + 1) : 0.0;
            double rtol = log ? 0.0 : depth * Data.EPS;
            return Data.compare(want, got, atol, rtol,
                    () -> (log ? gpu.logSoftmax(x[1], axis) : gpu.softmax(x[1], axis)).close());
        });
    }

    static ParityCheck crossEntropy(int n, int c, boolean wideLabels, long seed) {
        String name = "softmax cross_entropy (+backward) " + n + "x" + c + (wideLabels ? " i64" : " i32") + " labels";
        return new ParityCheck(name, List.of(Kernel.CROSS_ENTROPY_F32, Kernel.CROSS_ENTROPY_BACKWARD_F32), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            Shape s = Shape.of(n, c);
            Tensor[] x = Data.uniformPair(rng, ref, gpu, s, -8, 8);
            Tensor[] y = Data.indexPair(rng, ref, gpu, n, c, wideLabels);
            Tensor[] g = Data.uniformPair(rng, ref, gpu, Shape.of(n), -2, 2);
            double depth = c / 32.0 + 20;
            double lossTol = depth * Data.EPS * (8 + Math.log(c) + 1);
            double gradTol = 2 * depth * Data.EPS;
            double[] want = concat(ref.crossEntropy(x[0], y[0]).toDoubles(),
                    ref.crossEntropyBackward(x[0], y[0], g[0]).toDoubles());
            double[] got = concat(gpu.crossEntropy(x[1], y[1]).toDoubles(),
                    gpu.crossEntropyBackward(x[1], y[1], g[1]).toDoubles());
            return Data.compare(want, got, Math.max(lossTol, gradTol), 0.0,
                    () -> gpu.crossEntropyBackward(x[1], y[1], g[1]).close());
        });
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
