package dev.ltx.engine.cuda;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Broadcast;
import dev.ltx.engine.Checks;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import dev.ltx.kernels.Kernel;

/** Elementwise ops, fills and casts ({@code elementwise.cu}). */
final class CudaElementwiseOps {
    private CudaElementwiseOps() {
    }

    static Kernel kernel(UnaryOp op) {
        return switch (op) {
            case NEG -> Kernel.NEG_F32;
            case EXP -> Kernel.EXP_F32;
            case LOG -> Kernel.LOG_F32;
            case SQRT -> Kernel.SQRT_F32;
            case RELU -> Kernel.RELU_F32;
            case RELU_MASK -> Kernel.RELU_MASK_F32;
            case ABS -> Kernel.ABS_F32;
            case SQUARE -> Kernel.SQUARE_F32;
            case RECIPROCAL -> Kernel.RECIPROCAL_F32;
        };
    }

    static Kernel kernel(BinaryOp op) {
        return switch (op) {
            case ADD -> Kernel.ADD_F32;
            case SUB -> Kernel.SUB_F32;
            case MUL -> Kernel.MUL_F32;
            case DIV -> Kernel.DIV_F32;
            case MAX -> Kernel.MAX_F32;
            case MIN -> Kernel.MIN_F32;
        };
    }

    static Tensor unary(CudaBackend b, UnaryOp op, Tensor x) {
        String name = "unary " + op;
        CudaBackend.requireF32(x, name);
        CudaRuntime rt = b.runtime();
        return rt.call(name, () -> {
            Tensor out = b.allocate(x.shape(), DType.F32);
            rt.launch1d(kernel(op), x.numel(), new KernelArgs().ptr(b.address(out)).ptr(b.address(x)).i32(x.numel()));
            return out;
        });
    }

    static Tensor binary(CudaBackend b, BinaryOp op, Tensor a, Tensor y) {
        String name = "binary " + op;
        CudaBackend.requireF32(a, name);
        Checks.sameFloating(a, y, name);
        Shape shape = Broadcast.shape(a.shape(), y.shape(), name);
        int[] meta = CudaMeta.binary(shape, a.shape(), y.shape(), name);
        CudaRuntime rt = b.runtime();
        return rt.call(name, () -> {
            Tensor out = b.allocate(shape, DType.F32);
            rt.launch1d(kernel(op), shape.numel(), new KernelArgs().ptr(b.address(out)).ptr(b.address(a))
                    .ptr(b.address(y)).i32(shape.numel()).struct(meta));
            return out;
        });
    }

    /** {@code scale} or {@code addScalar}: out = kernel(x, s). */
    static Tensor scalar(CudaBackend b, Kernel k, String name, Tensor x, double s) {
        CudaBackend.requireF32(x, name);
        CudaRuntime rt = b.runtime();
        return rt.call(name, () -> {
            Tensor out = b.allocate(x.shape(), DType.F32);
            rt.launch1d(k, x.numel(), new KernelArgs().ptr(b.address(out)).ptr(b.address(x)).i32(x.numel()).f64(s));
            return out;
        });
    }

    static void axpby(CudaBackend b, double alpha, Tensor x, double beta, Tensor y) {
        CudaBackend.requireF32(y, "axpby");
        Checks.sameFloating(y, x, "axpby");
        Checks.sameShape(x, y, "axpby");
        CudaRuntime rt = b.runtime();
        rt.run("axpby", () -> rt.launch1d(Kernel.AXPBY_F32, y.numel(), new KernelArgs().ptr(b.address(y))
                .ptr(b.address(x)).i32(y.numel()).f64(alpha).f64(beta)));
    }

    /** Every element becomes {@code value} converted to the dtype (integers truncate toward zero, as in Java). */
    static void fill(CudaBackend b, Tensor t, double value) {
        CudaRuntime rt = b.runtime();
        rt.run("fill", () -> {
            KernelArgs args = new KernelArgs().ptr(b.address(t)).i32(t.numel());
            switch (t.dtype()) {
                case F32 -> rt.launch1d(Kernel.FILL_F32, t.numel(), args.f32((float) value));
                case I32 -> rt.launch1d(Kernel.FILL_I32, t.numel(), args.i32((int) value));
                case I64 -> rt.launch1d(Kernel.FILL_I64, t.numel(), args.i64((long) value));
                // an F64 fill is a fill of its 64-bit pattern
                case F64 -> rt.launch1d(Kernel.FILL_I64, t.numel(), args.i64(Double.doubleToRawLongBits(value)));
            }
        });
    }

    /** Fills any tensor with zero bits (0, 0.0f or 0.0) on the CUDA thread. */
    static void zero(CudaBackend b, Tensor t) {
        long words = CudaMeta.wordCount(t.numel(), t.dtype());
        if (words > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("cuda zero fill of " + t + ": more than 2^31-1 words");
        }
        b.runtime().launch1d(Kernel.FILL_I32, words, new KernelArgs().ptr(b.address(t)).i32((int) words).i32(0));
    }

    static Tensor cast(CudaBackend b, Tensor t, DType dtype) {
        if (t.dtype() == dtype) return b.copy(t);
        Kernel k = castKernel(t.dtype(), dtype);
        if (k == null) {
            throw new UnsupportedOperationException("cuda backend: op cast has no kernel from " + t.dtype() + " to "
                    + dtype + " (" + t + ")");
        }
        CudaRuntime rt = b.runtime();
        return rt.call("cast", () -> {
            Tensor out = b.allocate(t.shape(), dtype);
            rt.launch1d(k, t.numel(), new KernelArgs().ptr(b.address(out)).ptr(b.address(t)).i32(t.numel()));
            return out;
        });
    }

    private static Kernel castKernel(DType from, DType to) {
        return switch (from) {
            case F32 -> to == DType.I32 ? Kernel.CAST_F32_I32 : to == DType.I64 ? Kernel.CAST_F32_I64 : null;
            case I32 -> to == DType.F32 ? Kernel.CAST_I32_F32 : to == DType.I64 ? Kernel.CAST_I32_I64 : null;
            case I64 -> to == DType.F32 ? Kernel.CAST_I64_F32 : to == DType.I32 ? Kernel.CAST_I64_I32 : null;
            case F64 -> null;
        };
    }
}
