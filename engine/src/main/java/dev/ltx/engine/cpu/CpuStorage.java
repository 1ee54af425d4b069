package dev.ltx.engine.cpu;

import dev.ltx.engine.DType;
import dev.ltx.engine.Device;
import dev.ltx.engine.Storage;
import dev.ltx.engine.Tensor;

/** Host memory of a CPU tensor: one primitive Java array of the tensor's dtype. */
public final class CpuStorage implements Storage {
    private final Object array;

    private CpuStorage(Object array) {
        this.array = array;
    }

    /** A zero-filled array of {@code n} elements of {@code dtype}. */
    static CpuStorage allocate(DType dtype, int n) {
        return new CpuStorage(switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
            case I64 -> new long[n];
        });
    }

    /** Wraps an existing array without copying (the caller gives it up). */
    static CpuStorage wrap(Object array) {
        return new CpuStorage(array);
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public void close() {
        // garbage collected
    }

    private static Object array(Tensor t, DType expected) {
        if (t.dtype() != expected) {
            throw new IllegalArgumentException("expected a " + expected + " tensor, got " + t);
        }
        if (!(t.storage() instanceof CpuStorage s)) {
            throw new IllegalArgumentException("expected a CPU tensor, got " + t);
        }
        return s.array;
    }

    /** The backing array of a F32 CPU tensor (no copy). */
    public static float[] f32(Tensor t) {
        return (float[]) array(t, DType.F32);
    }

    /** The backing array of a F64 CPU tensor (no copy). */
    public static double[] f64(Tensor t) {
        return (double[]) array(t, DType.F64);
    }

    /** The backing array of an I32 CPU tensor (no copy). */
    public static int[] i32(Tensor t) {
        return (int[]) array(t, DType.I32);
    }

    /** The backing array of an I64 CPU tensor (no copy). */
    public static long[] i64(Tensor t) {
        return (long[]) array(t, DType.I64);
    }
}
