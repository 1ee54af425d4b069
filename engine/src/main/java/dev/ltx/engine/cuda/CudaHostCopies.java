package dev.ltx.engine.cuda;

import dev.ltx.engine.Checks;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/** The edges of the device: host arrays into new device tensors and device tensors back to host arrays. */
final class CudaHostCopies {
    private CudaHostCopies() {
    }

    /** A new tensor holding {@code length} elements of a primitive array of {@code dtype}. */
    static Tensor upload(CudaBackend b, Object data, int length, Shape shape, DType dtype, String op) {
        Checks.length(length, shape, op);
        CudaRuntime rt = b.runtime();
        return rt.call(op, () -> {
            Tensor t = b.allocate(shape, dtype);
            rt.driver().upload(b.address(t), data, (long) length * dtype.bytes());
            return t;
        });
    }

    /** The raw contents as a host array of the tensor's own dtype (waits for the device). */
    static Object download(CudaBackend b, Tensor t, String op) {
        int n = t.numel();
        Object host = switch (t.dtype()) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
            case I64 -> new long[n];
        };
        CudaRuntime rt = b.runtime();
        rt.run(op, () -> rt.driver().download(host, b.address(t), (long) n * t.dtype().bytes()));
        return host;
    }
}
