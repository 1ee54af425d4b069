package dev.ltx.engine.cuda.parity;

import dev.ltx.engine.BatchNormGrads;
import dev.ltx.engine.BatchNormResult;
import dev.ltx.engine.Compare;
import dev.ltx.engine.MaxPoolResult;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Parity checks of {@code pool.cu}, {@code batchnorm.cu} and {@code sgd.cu}.
 *
 * <p>Tolerances, for inputs in [−1, 1]. Max pooling and its indices are exact; its gradient sums
 * at most ⌈k/s⌉² upstream values per cell, average pooling sums at most KH·KW values
 * ({@link Data#sumBound}). Batch norm reduces count = N·H·W values per channel with depth
 * D = N·⌈H·W/256⌉ + 10 (per-thread runs, then a block reduction), so the mean errs by (D + 2)·ε
 * and the two-pass variance and 1/std by at most about 4.5·(D + 8)·ε relative. With x in [−1, 1]
 * the variance of a channel stays above 0.16 (1/std ≤ 2.5, |x̂| ≤ 5) and |gamma| ≤ 1.5, so the
 * forward outputs, a few terms of size ≤ 7.5 carrying those relative errors, are within
 * 16·(D + 8)·ε; the input gradient combines three such terms with the two reductions scaled by
 * 1/std·gamma, within 64·(D + 8)·ε; the gamma/beta gradients are sums of count terms of size
 * ≤ 5 whose x̂ carry the statistics' error: {@link Data#sumBound} plus count·5·4.5·(D + 8)·ε.
 * The fused optimizers are compared after three steps with a host double evaluation of PyTorch's formulas:
 * each step rounds a handful of times values of size ≤ 2 (SGD) or, for AdamW, the update
 * lr/(1 − β1) · m/(√v/c + eps) ≤ 0.1 plus the parameter, so 30·ε and 60·ε absolute.
 */
final class NnChecks {
    private NnChecks() {
    }

    static List<ParityCheck> all(long seed) {
        List<ParityCheck> checks = new ArrayList<>();
        checks.add(pool(Shape.of(2, 3, 9, 11), Pool2dParams.of(2), seed + 1));
        checks.add(pool(Shape.of(3, 2, 17, 15), Pool2dParams.of(3, 2, 1), seed + 2));
        checks.add(pool(Shape.of(1, 5, 7, 7), new Pool2dParams(3, 2, 1, 2, 1, 1), seed + 3));
        checks.add(batchNorm(Shape.of(16, 7, 9, 11), true, seed + 4));
        checks.add(batchNorm(Shape.of(37, 13), false, seed + 5));
        checks.add(OptimChecks.sgd(4099, 0.9, 0.0, 1e-2, true, seed + 6));
        checks.add(OptimChecks.sgd(257, 0.9, 0.1, 5e-4, false, seed + 7));
        checks.add(OptimChecks.sgd(100, 0.0, 0.0, 1e-3, false, seed + 8));
        checks.add(OptimChecks.adamw(4099, seed + 9));
        checks.add(OptimChecks.sgdGroup(0.9, 0.0, 1e-2, true, seed + 10));
        checks.add(OptimChecks.sgdGroup(0.9, 0.1, 5e-4, false, seed + 11));
        checks.add(OptimChecks.sgdGroup(0.0, 0.0, 1e-3, false, seed + 12));
        checks.add(OptimChecks.adamwGroup(seed + 13));
        return checks;
    }

    static ParityCheck pool(Shape xs, Pool2dParams p, long seed) {
        String name = "pool " + xs + " kernel " + p.kernelH() + "x" + p.kernelW() + " stride " + p.strideH() + "x"
                + p.strideW() + " pad " + p.padH() + "x" + p.padW();
        List<Kernel> ks = List.of(Kernel.MAX_POOL2D_F32, Kernel.MAX_POOL2D_BACKWARD_F32, Kernel.AVG_POOL2D_F32,
                Kernel.AVG_POOL2D_BACKWARD_F32);
        return new ParityCheck(name, ks, (ref, gpu) -> {
            Rng rng = new Rng(seed);
            Tensor[] x = Data.uniformPair(rng, ref, gpu, xs, -1, 1);
            Shape ys = Shape.of(xs.dim(0), xs.dim(1), p.outH(xs.dim(2)), p.outW(xs.dim(3)));
            Tensor[] gy = Data.uniformPair(rng, ref, gpu, ys, -1, 1);
            MaxPoolResult rm = ref.maxPool2d(x[0], p);
            MaxPoolResult gm = gpu.maxPool2d(x[1], p);
            int window = p.kernelH() * p.kernelW();
            int overlap = ceilDiv(p.kernelH(), p.strideH()) * ceilDiv(p.kernelW(), p.strideW());
            Compare.Result r = Data.merge(
                    Compare.tensors(rm.output(), gm.output(), 0, 0),
                    Compare.tensors(rm.indices(), gm.indices(), 0, 0),
                    Compare.tensors(ref.maxPool2dBackward(gy[0], rm.indices(), xs, p),
                            gpu.maxPool2dBackward(gy[1], gm.indices(), xs, p), Data.sumBound(overlap, overlap, 1), 0),
                    Compare.tensors(ref.avgPool2d(x[0], p), gpu.avgPool2d(x[1], p),
                            Data.sumBound(window + 1, window, 1.0 / window) + Data.EPS, 0),
                    Compare.tensors(ref.avgPool2dBackward(gy[0], xs, p), gpu.avgPool2dBackward(gy[1], xs, p),
                            Data.sumBound(overlap + 1, overlap, 1.0 / window) + Data.EPS, 0));
            return new ParityCheck.Outcome(r, Data.sumBound(overlap, overlap, 1), 0,
                    () -> {
                        MaxPoolResult m = gpu.maxPool2d(x[1], p);
                        m.output().close();
                        m.indices().close();
                    });
        });
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static ParityCheck batchNorm(Shape xs, boolean affine, long seed) {
        String name = "batchnorm " + xs + (affine ? " affine" : " plain") + " train/eval/backward";
        List<Kernel> ks = List.of(Kernel.BATCH_NORM_STATS_F32, Kernel.BATCH_NORM_APPLY_F32,
                Kernel.BATCH_NORM_INV_STD_F32, Kernel.BATCH_NORM_BACKWARD_REDUCE_F32, Kernel.BATCH_NORM_BACKWARD_INPUT_F32);
        return new ParityCheck(name, ks, (ref, gpu) -> {
            Rng rng = new Rng(seed);
            int c = xs.dim(1);
            int n = xs.dim(0);
            int plane = xs.rank() == 4 ? xs.dim(2) * xs.dim(3) : 1;
            long count = (long) n * plane;
            double depth = n * ((plane + 255) / 256.0) + 10;
            Tensor[] x = Data.uniformPair(rng, ref, gpu, xs, -1, 1);
            Tensor[] gy = Data.uniformPair(rng, ref, gpu, xs, -1, 1);
            Tensor[] g = affine ? Data.uniformPair(rng, ref, gpu, Shape.of(c), 0.5, 1.5) : new Tensor[2];
            Tensor[] b = affine ? Data.uniformPair(rng, ref, gpu, Shape.of(c), -1, 1) : new Tensor[2];
            Tensor[] rm = Data.uniformPair(rng, ref, gpu, Shape.of(c), -0.2, 0.2);
            Tensor[] rv = Data.uniformPair(rng, ref, gpu, Shape.of(c), 0.5, 1.5);
            double fwd = 16 * (depth + 8) * Data.EPS;
            double gx = 64 * (depth + 8) * Data.EPS;
            double sums = Data.sumBound((long) depth, count, 5) + count * 5 * 4.5 * (depth + 8) * Data.EPS;
            BatchNormResult rt = ref.batchNormTrain(x[0], g[0], b[0], 1e-5);
            BatchNormResult gt = gpu.batchNormTrain(x[1], g[1], b[1], 1e-5);
            BatchNormGrads rg = ref.batchNormBackward(gy[0], x[0], g[0], rt.mean(), rt.invStd());
            BatchNormGrads gg = gpu.batchNormBackward(gy[1], x[1], g[1], gt.mean(), gt.invStd());
            List<Compare.Result> parts = new ArrayList<>(List.of(
                    Compare.tensors(rt.output(), gt.output(), fwd, 0),
                    Compare.tensors(rt.mean(), gt.mean(), fwd, 0),
                    Compare.tensors(rt.var(), gt.var(), fwd, 0),
                    Compare.tensors(rt.invStd(), gt.invStd(), fwd, 0),
                    Compare.tensors(ref.batchNormEval(x[0], g[0], b[0], rm[0], rv[0], 1e-5),
                            gpu.batchNormEval(x[1], g[1], b[1], rm[1], rv[1], 1e-5), fwd, 0),
                    Compare.tensors(rg.input(), gg.input(), gx, 0)));
            if (affine) {
                parts.add(Compare.tensors(rg.gamma(), gg.gamma(), sums, 0));
                parts.add(Compare.tensors(rg.beta(), gg.beta(), sums, 0));
            }
            return new ParityCheck.Outcome(Data.merge(parts.toArray(new Compare.Result[0])), Math.max(fwd, gx), 0,
                    () -> gpu.batchNormTrain(x[1], g[1], b[1], 1e-5).output().close());
        });
    }
}
