package dev.ltx.engine.cpu;

import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import java.util.Arrays;

/** Dtype conversion, copies and fills of CPU tensors (exact; shared by both modes). */
final class CpuConvert {
    private CpuConvert() {
    }

    static float[] toFloats(Tensor t) {
        float[] out = new float[t.numel()];
        toFloats(t, out);
        return out;
    }

    /** Writes {@code t}'s contents, converted to float, to {@code out[0..numel)}. */
    static void toFloats(Tensor t, float[] out) {
        int n = t.numel();
        switch (t.dtype()) {
            case F32 -> System.arraycopy(CpuStorage.f32(t), 0, out, 0, n);
            case F64 -> {
                double[] a = CpuStorage.f64(t);
                for (int i = 0; i < n; i++) out[i] = (float) a[i];
            }
            case I32 -> {
                int[] a = CpuStorage.i32(t);
                for (int i = 0; i < n; i++) out[i] = a[i];
            }
            case I64 -> {
                long[] a = CpuStorage.i64(t);
                for (int i = 0; i < n; i++) out[i] = a[i];
            }
        }
    }

    static double[] toDoubles(Tensor t) {
        int n = t.numel();
        double[] out = new double[n];
        switch (t.dtype()) {
            case F32 -> {
                float[] a = CpuStorage.f32(t);
                for (int i = 0; i < n; i++) out[i] = a[i];
            }
            case F64 -> System.arraycopy(CpuStorage.f64(t), 0, out, 0, n);
            case I32 -> {
                int[] a = CpuStorage.i32(t);
                for (int i = 0; i < n; i++) out[i] = a[i];
            }
            case I64 -> {
                long[] a = CpuStorage.i64(t);
                for (int i = 0; i < n; i++) out[i] = a[i];
            }
        }
        return out;
    }

    static long[] toLongs(Tensor t) {
        int n = t.numel();
        long[] out = new long[n];
        switch (t.dtype()) {
            case F32 -> {
                float[] a = CpuStorage.f32(t);
                for (int i = 0; i < n; i++) out[i] = (long) a[i];
            }
            case F64 -> {
                double[] a = CpuStorage.f64(t);
                for (int i = 0; i < n; i++) out[i] = (long) a[i];
            }
            case I32 -> {
                int[] a = CpuStorage.i32(t);
                for (int i = 0; i < n; i++) out[i] = a[i];
            }
            case I64 -> System.arraycopy(CpuStorage.i64(t), 0, out, 0, n);
        }
        return out;
    }

    static int[] toInts(Tensor t) {
        if (t.dtype() == DType.I32) return CpuStorage.i32(t).clone();
        long[] l = toLongs(t);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
        return out;
    }

    static Tensor cast(CpuBackend b, Tensor t, DType dtype) {
        return switch (dtype) {
            case F32 -> b.wrap(toFloats(t), t.shape(), DType.F32);
            case F64 -> b.wrap(toDoubles(t), t.shape(), DType.F64);
            case I32 -> b.wrap(toInts(t), t.shape(), DType.I32);
            case I64 -> b.wrap(toLongs(t), t.shape(), DType.I64);
        };
    }

    static void copy(Tensor src, Tensor dst) {
        int n = src.numel();
        switch (src.dtype()) {
            case F32 -> System.arraycopy(CpuStorage.f32(src), 0, CpuStorage.f32(dst), 0, n);
            case F64 -> System.arraycopy(CpuStorage.f64(src), 0, CpuStorage.f64(dst), 0, n);
            case I32 -> System.arraycopy(CpuStorage.i32(src), 0, CpuStorage.i32(dst), 0, n);
            case I64 -> System.arraycopy(CpuStorage.i64(src), 0, CpuStorage.i64(dst), 0, n);
        }
    }

    static void fill(Tensor t, double value) {
        int n = t.numel();
        switch (t.dtype()) {
            case F32 -> Arrays.fill(CpuStorage.f32(t), 0, n, (float) value);
            case F64 -> Arrays.fill(CpuStorage.f64(t), 0, n, value);
            case I32 -> Arrays.fill(CpuStorage.i32(t), 0, n, (int) value);
            case I64 -> Arrays.fill(CpuStorage.i64(t), 0, n, (long) value);
        }
    }
}
