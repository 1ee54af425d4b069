package dev.ltx.engine.cpu;

import dev.ltx.engine.BatchNormGeometry;
import dev.ltx.engine.BatchNormGrads;
import dev.ltx.engine.BatchNormResult;
import dev.ltx.engine.Checks;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;

/**
 * Batch normalization over axis 1 of (N, C) or (N, C, H, W): validation and dispatch. F32 in fast
 * mode goes to {@link BatchNormFast}; everything else to the double-precision
 * {@link BatchNormReference}.
 */
final class CpuBatchNormOps {
    private CpuBatchNormOps() {
    }

    static BatchNormResult train(CpuBackend b, Tensor x, Tensor gamma, Tensor beta, double eps) {
        String op = "batchNormTrain";
        Checks.floating(x, op);
        BatchNormGeometry l = BatchNormGeometry.forTrain(x, gamma, beta, op);
        if (b.fast(x)) {
            float[] y = b.floats(x.numel());
            float[] mean = b.floats(l.c());
            float[] var = b.floats(l.c());
            float[] inv = b.floats(l.c());
            BatchNormFast.train(b.pool(), l.n(), l.c(), l.plane(), CpuStorage.f32(x), f32OrNull(gamma), f32OrNull(beta),
                    eps, y, mean, var, inv);
            return new BatchNormResult(b.wrap(y, x.shape(), DType.F32), b.wrap(mean, l.channels(), DType.F32),
                    b.wrap(var, l.channels(), DType.F32), b.wrap(inv, l.channels(), DType.F32));
        }
        double[] y = new double[x.numel()];
        double[] mean = new double[l.c()];
        double[] var = new double[l.c()];
        double[] inv = new double[l.c()];
        BatchNormReference.train(l.n(), l.c(), l.plane(), x.toDoubles(), doublesOrNull(gamma), doublesOrNull(beta), eps,
                y, mean, var, inv);
        DType dt = x.dtype();
        return new BatchNormResult(CpuConvOps.result(b, y, x.shape(), dt), CpuConvOps.result(b, mean, l.channels(), dt),
                CpuConvOps.result(b, var, l.channels(), dt), CpuConvOps.result(b, inv, l.channels(), dt));
    }

    static Tensor eval(CpuBackend b, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                       double eps) {
        String op = "batchNormEval";
        Checks.floating(x, op);
        BatchNormGeometry l = BatchNormGeometry.forEval(x, gamma, beta, runningMean, runningVar, op);
        if (b.fast(x)) {
            float[] y = BatchNormFast.eval(b.pool(), l.n(), l.c(), l.plane(), CpuStorage.f32(x), f32OrNull(gamma),
                    f32OrNull(beta), CpuStorage.f32(runningMean), CpuStorage.f32(runningVar), eps, b.floats(x.numel()));
            return b.wrap(y, x.shape(), DType.F32);
        }
        double[] y = BatchNormReference.eval(l.n(), l.c(), l.plane(), x.toDoubles(), doublesOrNull(gamma),
                doublesOrNull(beta), runningMean.toDoubles(), runningVar.toDoubles(), eps);
        return CpuConvOps.result(b, y, x.shape(), x.dtype());
    }

    static BatchNormGrads backward(CpuBackend b, Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd) {
        String op = "batchNormBackward";
        Checks.floating(x, op);
        BatchNormGeometry l = BatchNormGeometry.of(x, op);
        Checks.sameFloating(x, gradOut, op);
        Checks.sameShape(gradOut, x, op);
        if (mean == null || invStd == null) {
            throw new IllegalArgumentException(op + ": the saved mean and invStd are required");
        }
        l.requireChannels(x, gamma, "gamma", op);
        l.requireChannels(x, mean, "mean", op);
        l.requireChannels(x, invStd, "invStd", op);
        boolean affine = gamma != null;
        if (b.fast(x)) {
            float[] gx = b.floats(x.numel());
            float[] gg = affine ? b.floats(l.c()) : null;
            float[] gb = affine ? b.floats(l.c()) : null;
            BatchNormFast.backward(b.pool(), l.n(), l.c(), l.plane(), CpuStorage.f32(gradOut), CpuStorage.f32(x),
                    f32OrNull(gamma), CpuStorage.f32(mean), CpuStorage.f32(invStd), gx, gg, gb);
            return new BatchNormGrads(b.wrap(gx, x.shape(), DType.F32),
                    affine ? b.wrap(gg, l.channels(), DType.F32) : null,
                    affine ? b.wrap(gb, l.channels(), DType.F32) : null);
        }
        double[] gx = new double[x.numel()];
        double[] gg = affine ? new double[l.c()] : null;
        double[] gb = affine ? new double[l.c()] : null;
        BatchNormReference.backward(l.n(), l.c(), l.plane(), gradOut.toDoubles(), x.toDoubles(), doublesOrNull(gamma),
                mean.toDoubles(), invStd.toDoubles(), gx, gg, gb);
        DType dt = x.dtype();
        return new BatchNormGrads(CpuConvOps.result(b, gx, x.shape(), dt),
                affine ? CpuConvOps.result(b, gg, l.channels(), dt) : null,
                affine ? CpuConvOps.result(b, gb, l.channels(), dt) : null);
    }

    private static float[] f32OrNull(Tensor t) {
        return t == null ? null : CpuStorage.f32(t);
    }

    private static double[] doublesOrNull(Tensor t) {
        return t == null ? null : t.toDoubles();
    }
}
