package dev.ltx.engine.cuda;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.ShapeRules;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;

/**
 * Gather along an axis and its adjoint ({@code index.cu}). Indices (I32 or I64) stay on the device;
 * the kernels flag any index outside the axis, which is read back and reported.
 */
final class CudaIndexOps {
    private CudaIndexOps() {
    }

    /** Works for every dtype: the kernel moves 32-bit words, two per element of an 8-byte dtype. */
    static Tensor indexSelect(CudaBackend b, Tensor x, int axis, Tensor indices) {
        int a = x.shape().axis(axis);
        ShapeRules.indices("indexSelect", indices, x.shape());
        int count = indices.dim(0);
        Shape out = x.shape().withDim(a, count);
        int outer = x.shape().product(0, a);
        int size = x.dim(a);
        int inner = x.shape().product(a + 1, x.rank()) * CudaMeta.words(x.dtype());
        CudaRuntime rt = b.runtime();
        return rt.call("indexSelect", () -> {
            Tensor y = b.allocate(out, x.dtype());
            try (DeviceBuffer bad = rt.flag()) {
                rt.launch1d(Kernel.INDEX_SELECT_F32, (long) outer * count * inner, new KernelArgs().ptr(b.address(y))
                        .ptr(bad.address()).ptr(b.address(x)).ptr(b.address(indices))
                        .i32(indices.dtype() == DType.I64 ? 1 : 0).i32(outer).i32(size).i32(count).i32(inner));
                if (rt.flagged(bad)) {
                    y.close();
                    throw new IllegalArgumentException("indexSelect: an index is outside [0, " + size + ") of axis "
                            + a + " in shape " + x.shape());
                }
            }
            return y;
        });
    }

    static Tensor indexAdd(CudaBackend b, Shape shape, int axis, Tensor indices, Tensor src) {
        int a = shape.axis(axis);
        CudaBackend.requireF32(src, "indexAdd");
        ShapeRules.indices("indexAdd", indices, shape);
        int count = indices.dim(0);
        if (!src.shape().equals(shape.withDim(a, count))) {
            throw new IllegalArgumentException("indexAdd along axis " + a + ": source of shape " + src.shape()
                    + " does not match target shape " + shape + " with " + count + " indices");
        }
        int outer = shape.product(0, a);
        int size = shape.dim(a);
        int inner = shape.product(a + 1, shape.rank());
        CudaRuntime rt = b.runtime();
        return rt.call("indexAdd", () -> {
            Tensor y = b.allocate(shape, DType.F32);
            try (DeviceBuffer bad = rt.flag()) {
                rt.launch1d(Kernel.INDEX_ADD_F32, shape.numel(), new KernelArgs().ptr(b.address(y)).ptr(bad.address())
                        .ptr(b.address(src)).ptr(b.address(indices)).i32(indices.dtype() == DType.I64 ? 1 : 0)
                        .i32(outer).i32(size).i32(count).i32(inner));
                if (rt.flagged(bad)) {
                    y.close();
                    throw new IllegalArgumentException("indexAdd: an index is outside [0, " + size + ") of axis " + a
                            + " in shape " + shape);
                }
            }
            return y;
        });
    }
}
