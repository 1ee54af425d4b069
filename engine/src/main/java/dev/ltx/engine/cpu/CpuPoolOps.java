package dev.ltx.engine.cpu;

import dev.ltx.engine.PoolGeometry;
import dev.ltx.engine.Checks;
import dev.ltx.engine.DType;
import dev.ltx.engine.MaxPoolResult;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/**
 * Max and average pooling forward and backward: validation and dispatch. F32 in fast mode goes to
 * {@link PoolFast}; everything else to the double-precision {@link PoolReference}.
 */
final class CpuPoolOps {
    private CpuPoolOps() {
    }

    static MaxPoolResult maxPool2d(CpuBackend b, Tensor x, Pool2dParams p) {
        Checks.floating(x, "maxPool2d");
        PoolGeometry g = PoolGeometry.of(x.shape(), p, "maxPool2d");
        int[] idx = b.ints(g.planes() * g.outPlane());
        Tensor indices = b.wrap(idx, g.outShape(), DType.I32);
        if (b.fast(x)) {
            float[] y = b.floats(idx.length);
            PoolFast.maxForward(b.pool(), g, CpuStorage.f32(x), y, idx);
            return new MaxPoolResult(b.wrap(y, g.outShape(), DType.F32), indices);
        }
        double[] y = new double[idx.length];
        PoolReference.maxForward(g, x.toDoubles(), y, idx);
        return new MaxPoolResult(CpuConvOps.result(b, y, g.outShape(), x.dtype()), indices);
    }

    static Tensor maxPool2dBackward(CpuBackend b, Tensor gradOut, Tensor indices, Shape xShape, Pool2dParams p) {
        Checks.floating(gradOut, "maxPool2dBackward");
        Checks.integral(indices, "maxPool2dBackward");
        PoolGeometry g = PoolGeometry.of(xShape, p, "maxPool2dBackward");
        g.requireOutput(gradOut.shape(), "maxPool2dBackward");
        if (!indices.shape().equals(gradOut.shape())) {
            throw new IllegalArgumentException("maxPool2dBackward: indices shape " + indices.shape()
                    + " differs from gradOut shape " + gradOut.shape());
        }
        int[] idx = indices.dtype() == DType.I32 ? CpuStorage.i32(indices) : b.toInts(indices);
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0 || idx[k] >= g.inPlane()) {
                throw new IllegalArgumentException("maxPool2dBackward: index " + idx[k] + " at " + k
                        + " is outside the input plane of " + xShape);
            }
        }
        if (b.fast(gradOut)) {
            return b.wrap(PoolFast.maxBackward(b.pool(), g, CpuStorage.f32(gradOut), idx,
                    b.floats(g.planes() * g.inPlane())), xShape, DType.F32);
        }
        return CpuConvOps.result(b, PoolReference.maxBackward(g, gradOut.toDoubles(), idx), xShape, gradOut.dtype());
    }

    static Tensor avgPool2d(CpuBackend b, Tensor x, Pool2dParams p) {
        Checks.floating(x, "avgPool2d");
        PoolGeometry g = PoolGeometry.of(x.shape(), p, "avgPool2d");
        if (b.fast(x)) {
            return b.wrap(PoolFast.avgForward(b.pool(), g, CpuStorage.f32(x),
                    b.floats(g.planes() * g.outPlane())), g.outShape(), DType.F32);
        }
        return CpuConvOps.result(b, PoolReference.avgForward(g, x.toDoubles()), g.outShape(), x.dtype());
    }

    static Tensor avgPool2dBackward(CpuBackend b, Tensor gradOut, Shape xShape, Pool2dParams p) {
        Checks.floating(gradOut, "avgPool2dBackward");
        PoolGeometry g = PoolGeometry.of(xShape, p, "avgPool2dBackward");
        g.requireOutput(gradOut.shape(), "avgPool2dBackward");
        if (b.fast(gradOut)) {
            return b.wrap(PoolFast.avgBackward(b.pool(), g, CpuStorage.f32(gradOut),
                    b.floats(g.planes() * g.inPlane())), xShape, DType.F32);
        }
        return CpuConvOps.result(b, PoolReference.avgBackward(g, gradOut.toDoubles()), xShape, gradOut.dtype());
    }
}
