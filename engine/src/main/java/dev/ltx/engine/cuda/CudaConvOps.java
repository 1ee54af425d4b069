package dev.ltx.engine.cuda;

import dev.ltx.engine.Checks;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;

/**
 * Convolution and its gradients ({@code conv.cu} plus the GEMM kernels). Images are processed in
 * chunks whose column matrix (C·KH·KW, images·OH·OW) stays under {@link #COL_LIMIT} floats, so
 * that each chunk is one large GEMM:
 * forward {@code Y = W · col}, input gradient {@code col = Wᵀ · gY} then col2im, weight gradient
 * {@code gW += gY · colᵀ}; gY and Y are moved between (images, O, P) and (O, images·P) by one
 * strided copy.
 */
final class CudaConvOps {
    /** Largest column matrix, in floats (256 MiB). */
    static final long COL_LIMIT = 1L << 26;

    private CudaConvOps() {
    }

    /** Images per im2col chunk, so the column buffer stays under {@link #COL_LIMIT} floats. */
    private static int chunk(ConvGeometry g) {
        long perImage = Math.max(1L, (long) g.colRows() * g.outPlane());
        return (int) Math.max(1, Math.min(g.n(), COL_LIMIT / perImage));
    }

    /** The ConvGeom struct of conv.cu. */
    private static int[] struct(ConvGeometry g) {
        return new int[] {g.c(), g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.oh(), g.ow()};
    }

    static Tensor conv2d(CudaBackend b, Tensor x, Tensor w, Tensor bias, Conv2dParams p) {
        CudaBackend.requireF32(x, "conv2d");
        ConvGeometry g = ConvGeometry.forward(x, w, bias, p, "conv2d");
        CudaRuntime rt = b.runtime();
        return rt.call("conv2d", () -> {
            Tensor y = b.allocate(g.outShape(), DType.F32);
            int chunk = chunk(g);
            int pl = g.outPlane();
            try (DeviceBuffer col = rt.alloc(4L * g.colRows() * chunk * pl);
                 DeviceBuffer tmp = rt.alloc(4L * g.o() * chunk * pl)) {
                for (int n0 = 0; n0 < g.n(); n0 += chunk) {
                    int imgs = Math.min(chunk, g.n() - n0);
                    im2col(b, col.address(), b.address(x) + 4L * n0 * g.c() * g.h() * g.w(), imgs, g);
                    long yChunk = b.address(y) + 4L * n0 * g.o() * pl;
                    // (O, imgs·P) result, written straight into y when it has that layout already
                    long dst = imgs == 1 ? yChunk : tmp.address();
                    CudaMatmulOps.launch(b, dst, b.address(w), col.address(), g.o(), imgs * pl, g.colRows(), false, false,
                            1.0, 0.0, 1, 0, 0, 0);
                    if (imgs > 1) {
                        // (O, imgs, P) → (imgs, O, P)
                        CudaLayoutOps.copy(b, yChunk, new int[] {pl, g.o() * pl, 1}, tmp.address(),
                                new int[] {imgs * pl, pl, 1}, new int[] {g.o(), imgs, pl}, DType.F32, "conv2d");
                    }
                }
            }
            if (bias != null) {
                rt.launch1d(Kernel.CONV2D_BIAS_F32, (long) y.numel(), new KernelArgs().ptr(b.address(y))
                        .ptr(b.address(bias)).i32(g.n()).i32(g.o()).i32(pl));
            }
            return y;
        });
    }

    static Tensor backwardInput(CudaBackend b, Tensor gy, Tensor w, Shape xShape, Conv2dParams p) {
        CudaBackend.requireF32(gy, "conv2dBackwardInput");
        Checks.sameFloating(gy, w, "conv2dBackwardInput");
        ConvGeometry g = ConvGeometry.of(xShape, w.shape(), p, "conv2dBackwardInput");
        g.requireOutput(gy.shape(), "conv2dBackwardInput");
        CudaRuntime rt = b.runtime();
        return rt.call("conv2dBackwardInput", () -> {
            Tensor gx = b.allocate(xShape, DType.F32);
            int chunk = chunk(g);
            int pl = g.outPlane();
            try (DeviceBuffer col = rt.alloc(4L * g.colRows() * chunk * pl);
                 DeviceBuffer gyT = rt.alloc(4L * g.o() * chunk * pl)) {
                for (int n0 = 0; n0 < g.n(); n0 += chunk) {
                    int imgs = Math.min(chunk, g.n() - n0);
                    long src = gradChunk(b, gy, gyT, n0, imgs, g);
                    CudaMatmulOps.launch(b, col.address(), b.address(w), src, g.colRows(), imgs * pl, g.o(), true, false,
                            1.0, 0.0, 1, 0, 0, 0);
                    rt.launch1d(Kernel.COL2IM_F32, (long) imgs * g.c() * g.h() * g.w(), new KernelArgs()
                            .ptr(b.address(gx) + 4L * n0 * g.c() * g.h() * g.w()).ptr(col.address()).i32(imgs)
                            .struct(struct(g)));
                }
            }
            return gx;
        });
    }

    static Tensor backwardWeight(CudaBackend b, Tensor gy, Tensor x, Shape wShape, Conv2dParams p) {
        CudaBackend.requireF32(gy, "conv2dBackwardWeight");
        Checks.sameFloating(gy, x, "conv2dBackwardWeight");
        ConvGeometry g = ConvGeometry.of(x.shape(), wShape, p, "conv2dBackwardWeight");
        g.requireOutput(gy.shape(), "conv2dBackwardWeight");
        CudaRuntime rt = b.runtime();
        return rt.call("conv2dBackwardWeight", () -> {
            Tensor gw = b.allocate(wShape, DType.F32);
            if (g.n() == 0 || g.outPlane() == 0) {
                CudaElementwiseOps.zero(b, gw);
                return gw;
            }
            int chunk = chunk(g);
            int pl = g.outPlane();
            try (DeviceBuffer col = rt.alloc(4L * g.colRows() * chunk * pl);
                 DeviceBuffer gyT = rt.alloc(4L * g.o() * chunk * pl)) {
                for (int n0 = 0; n0 < g.n(); n0 += chunk) {
                    int imgs = Math.min(chunk, g.n() - n0);
                    im2col(b, col.address(), b.address(x) + 4L * n0 * g.c() * g.h() * g.w(), imgs, g);
                    long src = gradChunk(b, gy, gyT, n0, imgs, g);
                    CudaMatmulOps.launch(b, b.address(gw), src, col.address(), g.o(), g.colRows(), imgs * pl, false, true,
                            1.0, n0 == 0 ? 0.0 : 1.0, 1, 0, 0, 0);
                }
            }
            return gw;
        });
    }

    static Tensor backwardBias(CudaBackend b, Tensor gy) {
        CudaBackend.requireF32(gy, "conv2dBackwardBias");
        if (gy.rank() != 4) {
            throw new IllegalArgumentException("conv2dBackwardBias: gradOut must be (N, O, OH, OW), got shape " + gy.shape());
        }
        int n = gy.dim(0);
        int o = gy.dim(1);
        int plane = gy.dim(2) * gy.dim(3);
        CudaRuntime rt = b.runtime();
        return rt.call("conv2dBackwardBias", () -> {
            Tensor gb = b.allocate(Shape.of(o), DType.F32);
            rt.launchBlocks(Kernel.CONV2D_BIAS_GRAD_F32, o, new KernelArgs().ptr(b.address(gb)).ptr(b.address(gy))
                    .i32(n).i32(o).i32(plane));
            return gb;
        });
    }

    private static void im2col(CudaBackend b, long col, long x, int imgs, ConvGeometry g) {
        b.runtime().launch1d(Kernel.IM2COL_F32, (long) g.colRows() * imgs * g.outPlane(),
                new KernelArgs().ptr(col).ptr(x).i32(imgs).struct(struct(g)));
    }

    /** The gradient of images [n0, n0 + imgs) as an (O, imgs·P) matrix: in place for one image, else copied into tmp. */
    private static long gradChunk(CudaBackend b, Tensor gy, DeviceBuffer tmp, int n0, int imgs, ConvGeometry g) {
        int pl = g.outPlane();
        long src = b.address(gy) + 4L * n0 * g.o() * pl;
        if (imgs == 1) return src;
        // (imgs, O, P) → (O, imgs, P)
        CudaLayoutOps.copy(b, tmp.address(), new int[] {pl, imgs * pl, 1}, src, new int[] {g.o() * pl, pl, 1},
                new int[] {imgs, g.o(), pl}, DType.F32, "conv2d gradient layout");
        return tmp.address();
    }
}
