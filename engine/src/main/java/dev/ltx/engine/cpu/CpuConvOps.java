package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.Checks;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/**
 * 2-D convolution forward and its three gradients: validation and dispatch. F32 in fast mode goes
 * to {@link ConvFast} (im2col + GEMM); everything else to the double-precision
 * {@link ConvReference}.
 */
final class CpuConvOps {
    private CpuConvOps() {
    }

    static Tensor conv2d(CpuBackend b, Tensor x, Tensor w, Tensor bias, Conv2dParams p) {
        ConvGeometry g = ConvGeometry.forward(x, w, bias, p, "conv2d");
        if (b.fast(x)) {
            float[] y = ConvFast.forward(b.pool(), g, CpuStorage.f32(x), CpuStorage.f32(w),
                    bias == null ? null : CpuStorage.f32(bias), b.floatsForOverwrite(g.n() * g.o() * g.outPlane()));
            return b.wrap(y, g.outShape(), DType.F32);
        }
        double[] y = ConvReference.forward(g, x.toDoubles(), w.toDoubles(), bias == null ? null : bias.toDoubles());
        return result(b, y, g.outShape(), x.dtype());
    }

    static Tensor backwardInput(CpuBackend b, Tensor gradOut, Tensor w, Shape xShape, Conv2dParams p) {
        Checks.sameFloating(gradOut, w, "conv2dBackwardInput");
        ConvGeometry g = ConvGeometry.of(xShape, w.shape(), p, "conv2dBackwardInput");
        g.requireOutput(gradOut.shape(), "conv2dBackwardInput");
        if (b.fast(gradOut)) {
            int size = g.n() * g.c() * g.inPlane();
            // col2im adds onto zeros; the direct and per-tap paths write every element
            float[] gx = ConvFast.backwardInput(b.pool(), g, CpuStorage.f32(gradOut), CpuStorage.f32(w),
                    ConvFast.writesWholeInputGradient(g) ? b.floatsForOverwrite(size) : b.floats(size));
            return b.wrap(gx, xShape, DType.F32);
        }
        return result(b, ConvReference.backwardInput(g, gradOut.toDoubles(), w.toDoubles()), xShape, gradOut.dtype());
    }

    static Tensor backwardWeight(CpuBackend b, Tensor gradOut, Tensor x, Shape wShape, Conv2dParams p) {
        Checks.sameFloating(gradOut, x, "conv2dBackwardWeight");
        ConvGeometry g = ConvGeometry.of(x.shape(), wShape, p, "conv2dBackwardWeight");
        g.requireOutput(gradOut.shape(), "conv2dBackwardWeight");
        if (b.fast(gradOut)) {
            float[] gw = ConvFast.backwardWeight(b.pool(), g, CpuStorage.f32(gradOut), CpuStorage.f32(x),
                    b.floats(g.o() * g.colRows()));
            return b.wrap(gw, wShape, DType.F32);
        }
        return result(b, ConvReference.backwardWeight(g, gradOut.toDoubles(), x.toDoubles()), wShape, gradOut.dtype());
    }

    static Tensor backwardBias(CpuBackend b, Tensor gradOut) {
        Checks.floating(gradOut, "conv2dBackwardBias");
        if (gradOut.rank() != 4) {
            throw new IllegalArgumentException("conv2dBackwardBias: gradOut must be (N, O, OH, OW), got shape "
                    + gradOut.shape());
        }
        int n = gradOut.dim(0);
        int o = gradOut.dim(1);
        int plane = gradOut.dim(2) * gradOut.dim(3);
        Shape shape = Shape.of(o);
        if (b.fast(gradOut)) {
            return b.wrap(ConvFast.backwardBias(b.pool(), CpuStorage.f32(gradOut), n, o, plane, b.floats(o)), shape, DType.F32);
        }
        return result(b, ConvReference.backwardBias(gradOut.toDoubles(), n, o, plane), shape, gradOut.dtype());
    }

    /** Wraps a reference result, converted to the operands' dtype (shared by the pooling and batch-norm ops). */
    static Tensor result(CpuBackend b, double[] data, Shape shape, DType dtype) {
        Tensor t = b.wrap(data, shape, DType.F64);
        return dtype == DType.F64 ? t : b.cast(t, dtype);
    }
}
