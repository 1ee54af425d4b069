package dev.ltx.engine.cuda;

import java.util.ArrayList;
import java.util.List;

/** The parameters of one kernel launch, in declaration order, in the form {@link CudaDriver#launch} takes. */
final class KernelArgs {
    private final List<Object> values = new ArrayList<>();

    /** A device pointer (address, possibly offset into a buffer). */
    KernelArgs ptr(long address) {
        values.add(new long[] {address});
        return this;
    }

    /** A null device pointer (optional inputs such as a missing gamma). */
    KernelArgs nullPtr() {
        return ptr(0L);
    }

    KernelArgs i32(int v) {
        values.add(new int[] {v});
        return this;
    }

    KernelArgs i64(long v) {
        values.add(new long[] {v});
        return this;
    }

    KernelArgs f32(float v) {
        values.add(new float[] {v});
        return this;
    }

    KernelArgs f64(double v) {
        values.add(new double[] {v});
        return this;
    }

    /** A struct made only of ints, passed by value (e.g. {@code StridedMeta}). */
    KernelArgs struct(int[] fields) {
        values.add(fields.clone());
        return this;
    }

    List<Object> values() {
        return values;
    }
}
