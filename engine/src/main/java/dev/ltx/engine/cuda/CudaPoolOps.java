package dev.ltx.engine.cuda;

import dev.ltx.engine.Checks;
import dev.ltx.engine.DType;
import dev.ltx.engine.MaxPoolResult;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.engine.PoolGeometry;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;

/**
 * Max and average pooling with their gradients ({@code pool.cu}). The max-pool gradient trusts its
 * indices to be the ones {@link #maxPool2d} produced (cells of the input plane inside their
 * window); an index that is not is ignored rather than checked, since validating would cost a
 * device-to-host copy per call.
 */
final class CudaPoolOps {
    private CudaPoolOps() {
    }

    /** The PoolGeom struct of pool.cu. */
    private static int[] struct(PoolGeometry g) {
        Pool2dParams p = g.p();
        return new int[] {g.h(), g.w(), p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW(), g.oh(),
            g.ow()};
    }

    static MaxPoolResult maxPool2d(CudaBackend b, Tensor x, Pool2dParams p) {
        CudaBackend.requireF32(x, "maxPool2d");
        PoolGeometry g = PoolGeometry.of(x.shape(), p, "maxPool2d");
        Shape out = g.outShape();
        CudaRuntime rt = b.runtime();
        return rt.call("maxPool2d", () -> {
            Tensor y = b.allocate(out, DType.F32);
            Tensor idx = b.allocate(out, DType.I32);
            rt.launch1d(Kernel.MAX_POOL2D_F32, out.numel(), new KernelArgs().ptr(b.address(y)).ptr(b.address(idx))
                    .ptr(b.address(x)).i32(g.planes()).struct(struct(g)));
            return new MaxPoolResult(y, idx);
        });
    }

    static Tensor maxPool2dBackward(CudaBackend b, Tensor gy, Tensor indices, Shape xShape, Pool2dParams p) {
        CudaBackend.requireF32(gy, "maxPool2dBackward");
        Checks.integral(indices, "maxPool2dBackward");
        PoolGeometry g = PoolGeometry.of(xShape, p, "maxPool2dBackward");
        g.requireOutput(gy.shape(), "maxPool2dBackward");
        if (!indices.shape().equals(gy.shape())) {
            throw new IllegalArgumentException("maxPool2dBackward: indices shape " + indices.shape()
                    + " differs from gradOut shape " + gy.shape());
        }
        CudaRuntime rt = b.runtime();
        return rt.call("maxPool2dBackward", () -> {
            Tensor idx = indices.dtype() == DType.I32 ? indices : CudaElementwiseOps.cast(b, indices, DType.I32);
            try {
                Tensor gx = b.allocate(xShape, DType.F32);
                rt.launch1d(Kernel.MAX_POOL2D_BACKWARD_F32, xShape.numel(), new KernelArgs().ptr(b.address(gx))
                        .ptr(b.address(gy)).ptr(b.address(idx)).i32(g.planes()).struct(struct(g)));
                return gx;
            } finally {
                if (idx != indices) idx.close();
            }
        });
    }

    static Tensor avgPool2d(CudaBackend b, Tensor x, Pool2dParams p) {
        CudaBackend.requireF32(x, "avgPool2d");
        PoolGeometry g = PoolGeometry.of(x.shape(), p, "avgPool2d");
        Shape out = g.outShape();
        CudaRuntime rt = b.runtime();
        return rt.call("avgPool2d", () -> {
            Tensor y = b.allocate(out, DType.F32);
            rt.launch1d(Kernel.AVG_POOL2D_F32, out.numel(), new KernelArgs().ptr(b.address(y)).ptr(b.address(x))
                    .i32(g.planes()).struct(struct(g)));
            return y;
        });
    }

    static Tensor avgPool2dBackward(CudaBackend b, Tensor gy, Shape xShape, Pool2dParams p) {
        CudaBackend.requireF32(gy, "avgPool2dBackward");
        PoolGeometry g = PoolGeometry.of(xShape, p, "avgPool2dBackward");
        g.requireOutput(gy.shape(), "avgPool2dBackward");
        CudaRuntime rt = b.runtime();
        return rt.call("avgPool2dBackward", () -> {
            Tensor gx = b.allocate(xShape, DType.F32);
            rt.launch1d(Kernel.AVG_POOL2D_BACKWARD_F32, xShape.numel(), new KernelArgs().ptr(b.address(gx))
                    .ptr(b.address(gy)).i32(g.planes()).struct(struct(g)));
            return gx;
        });
    }
}
