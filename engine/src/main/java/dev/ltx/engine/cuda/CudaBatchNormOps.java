package dev.ltx.engine.cuda;

import dev.ltx.engine.BatchNormGeometry;
import dev.ltx.engine.BatchNormGrads;
import dev.ltx.engine.BatchNormResult;
import dev.ltx.engine.Checks;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;

/** Batch normalization over axis 1 ({@code batchnorm.cu}): statistics, normalization and gradients. */
final class CudaBatchNormOps {
    private CudaBatchNormOps() {
    }

    private static KernelArgs optional(KernelArgs args, CudaBackend b, Tensor t) {
        return t == null ? args.nullPtr() : args.ptr(b.address(t));
    }

    static BatchNormResult train(CudaBackend b, Tensor x, Tensor gamma, Tensor beta, double eps) {
        String op = "batchNormTrain";
        CudaBackend.requireF32(x, op);
        BatchNormGeometry l = BatchNormGeometry.forTrain(x, gamma, beta, op);
        CudaRuntime rt = b.runtime();
        return rt.call(op, () -> {
            Tensor mean = b.allocate(l.channels(), DType.F32);
            Tensor var = b.allocate(l.channels(), DType.F32);
            Tensor inv = b.allocate(l.channels(), DType.F32);
            Tensor y = b.allocate(x.shape(), DType.F32);
            rt.launchBlocks(Kernel.BATCH_NORM_STATS_F32, l.c(), new KernelArgs().ptr(b.address(mean))
                    .ptr(b.address(var)).ptr(b.address(inv)).ptr(b.address(x)).i32(l.n()).i32(l.c()).i32(l.plane())
                    .f32((float) eps));
            apply(b, y, x, gamma, beta, mean, inv, l);
            return new BatchNormResult(y, mean, var, inv);
        });
    }

    static Tensor eval(CudaBackend b, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                       double eps) {
        String op = "batchNormEval";
        CudaBackend.requireF32(x, op);
        BatchNormGeometry l = BatchNormGeometry.forEval(x, gamma, beta, runningMean, runningVar, op);
        CudaRuntime rt = b.runtime();
        return rt.call(op, () -> {
            Tensor y = b.allocate(x.shape(), DType.F32);
            try (Tensor inv = b.allocate(l.channels(), DType.F32)) {
                rt.launch1d(Kernel.BATCH_NORM_INV_STD_F32, l.c(), new KernelArgs().ptr(b.address(inv))
                        .ptr(b.address(runningVar)).i32(l.c()).f32((float) eps));
                apply(b, y, x, gamma, beta, runningMean, inv, l);
            }
            return y;
        });
    }

    private static void apply(CudaBackend b, Tensor y, Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor inv,
                              BatchNormGeometry l) {
        KernelArgs args = new KernelArgs().ptr(b.address(y)).ptr(b.address(x));
        optional(args, b, gamma);
        optional(args, b, beta);
        args.ptr(b.address(mean)).ptr(b.address(inv)).i32(l.n()).i32(l.c()).i32(l.plane());
        b.runtime().launch1d(Kernel.BATCH_NORM_APPLY_F32, x.numel(), args);
    }

    static BatchNormGrads backward(CudaBackend b, Tensor gy, Tensor x, Tensor gamma, Tensor mean, Tensor invStd) {
        String op = "batchNormBackward";
        CudaBackend.requireF32(x, op);
        BatchNormGeometry l = BatchNormGeometry.of(x, op);
        Checks.sameFloating(x, gy, op);
        Checks.sameShape(gy, x, op);
        if (mean == null || invStd == null) {
            throw new IllegalArgumentException(op + ": the saved mean and invStd are required");
        }
        l.requireChannels(x, gamma, "gamma", op);
        l.requireChannels(x, mean, "mean", op);
        l.requireChannels(x, invStd, "invStd", op);
        CudaRuntime rt = b.runtime();
        return rt.call(op, () -> {
            Tensor sumG = b.allocate(l.channels(), DType.F32);
            Tensor sumGXhat = b.allocate(l.channels(), DType.F32);
            Tensor gx = b.allocate(x.shape(), DType.F32);
            rt.launchBlocks(Kernel.BATCH_NORM_BACKWARD_REDUCE_F32, l.c(), new KernelArgs().ptr(b.address(sumG))
                    .ptr(b.address(sumGXhat)).ptr(b.address(gy)).ptr(b.address(x)).ptr(b.address(mean))
                    .ptr(b.address(invStd)).i32(l.n()).i32(l.c()).i32(l.plane()));
            KernelArgs args = new KernelArgs().ptr(b.address(gx)).ptr(b.address(gy)).ptr(b.address(x));
            optional(args, b, gamma);
            args.ptr(b.address(mean)).ptr(b.address(invStd)).ptr(b.address(sumG)).ptr(b.address(sumGXhat))
                    .i32(l.n()).i32(l.c()).i32(l.plane());
            rt.launch1d(Kernel.BATCH_NORM_BACKWARD_INPUT_F32, x.numel(), args);
            if (gamma == null) {
                sumG.close();
                sumGXhat.close();
                return new BatchNormGrads(gx, null, null);
            }
            // Σ gy·x̂ is the gamma gradient and Σ gy the beta gradient
            return new BatchNormGrads(gx, sumGXhat, sumG);
        });
    }
}
