package dev.ltx.engine.cuda;

import dev.ltx.engine.Checks;
import dev.ltx.engine.DType;
import dev.ltx.engine.MaxPoolResult;
import dev.ltx.engine.Pool2dParams;
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

    /** Validated geometry over (n, c, h, w) input. */
    private record Geom(int planes, int h, int w, int oh, int ow, Pool2dParams p) {
        static Geom of(Shape x, Pool2dParams p, String op) {
            if (x.rank() != 4) {
                throw new IllegalArgumentException(op + ": input must be (N, C, H, W), got shape " + x);
            }
            if (x.dim(2) + 2 * p.padH() < p.kernelH() || x.dim(3) + 2 * p.padW() < p.kernelW()) {
                throw new IllegalArgumentException(op + ": window (" + p.kernelH() + ", " + p.kernelW()
                        + ") does not fit the padded input " + x + ", " + p);
            }
            return new Geom(x.dim(0) * x.dim(1), x.dim(2), x.dim(3), p.outH(x.dim(2)), p.outW(x.dim(3)), p);
        }

        Shape outShape(Shape x) {
            return Shape.of(x.dim(0), x.dim(1), oh, ow);
        }

        /** The PoolGeom struct of pool.cu. */
        int[] struct() {
            return new int[] {h, w, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW(), oh, ow};
        }

        void requireOutput(Shape xShape, Shape gy, String op) {
            if (!gy.equals(outShape(xShape))) {
                throw new IllegalArgumentException(op + ": gradOut has shape " + gy + " but pooling " + xShape
                        + " gives " + outShape(xShape));
            }
        }
    }

    static MaxPoolResult maxPool2d(CudaBackend b, Tensor x, Pool2dParams p) {
        CudaBackend.requireF32(x, "maxPool2d");
        Geom g = Geom.of(x.shape(), p, "maxPool2d");
        Shape out = g.outShape(x.shape());
        CudaRuntime rt = b.runtime();
        return rt.call("maxPool2d", () -> {
            Tensor y = b.allocate(out, DType.F32);
            Tensor idx = b.allocate(out, DType.I32);
            rt.launch1d(Kernel.MAX_POOL2D_F32, out.numel(), new KernelArgs().ptr(b.address(y)).ptr(b.address(idx))
                    .ptr(b.address(x)).i32(g.planes()).struct(g.struct()));
            return new MaxPoolResult(y, idx);
        });
    }

    static Tensor maxPool2dBackward(CudaBackend b, Tensor gy, Tensor indices, Shape xShape, Pool2dParams p) {
        CudaBackend.requireF32(gy, "maxPool2dBackward");
        Checks.integral(indices, "maxPool2dBackward");
        Geom g = Geom.of(xShape, p, "maxPool2dBackward");
        g.requireOutput(xShape, gy.shape(), "maxPool2dBackward");
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
                        .ptr(b.address(gy)).ptr(b.address(idx)).i32(g.planes()).struct(g.struct()));
                return gx;
            } finally {
                if (idx != indices) idx.close();
            }
        });
    }

    static Tensor avgPool2d(CudaBackend b, Tensor x, Pool2dParams p) {
        CudaBackend.requireF32(x, "avgPool2d");
        Geom g = Geom.of(x.shape(), p, "avgPool2d");
        Shape out = g.outShape(x.shape());
        CudaRuntime rt = b.runtime();
        return rt.call("avgPool2d", () -> {
            Tensor y = b.allocate(out, DType.F32);
            rt.launch1d(Kernel.AVG_POOL2D_F32, out.numel(), new KernelArgs().ptr(b.address(y)).ptr(b.address(x))
                    .i32(g.planes()).struct(g.struct()));
            return y;
        });
    }

    static Tensor avgPool2dBackward(CudaBackend b, Tensor gy, Shape xShape, Pool2dParams p) {
        CudaBackend.requireF32(gy, "avgPool2dBackward");
        Geom g = Geom.of(xShape, p, "avgPool2dBackward");
        g.requireOutput(xShape, gy.shape(), "avgPool2dBackward");
        CudaRuntime rt = b.runtime();
        return rt.call("avgPool2dBackward", () -> {
            Tensor gx = b.allocate(xShape, DType.F32);
            rt.launch1d(Kernel.AVG_POOL2D_BACKWARD_F32, xShape.numel(), new KernelArgs().ptr(b.address(gx))
                    .ptr(b.address(gy)).i32(g.planes()).struct(g.struct()));
            return gx;
        });
    }
}
