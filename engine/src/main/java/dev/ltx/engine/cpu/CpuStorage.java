package dev.ltx.engine.cpu;

import dev.ltx.engine.DType;
import dev.ltx.engine.Device;
import dev.ltx.engine.Storage;
import dev.ltx.engine.Tensor;

/**
 * Host memory of a CPU tensor: one primitive Java array of the tensor's dtype.
 *
 * <p>A storage created while a {@linkplain CpuScope memory scope} of its backend is open belongs
 * to that scope: when the scope closes (or the tensor is closed first) its array goes back to the
 * backend's {@link CpuArrayPool} and the storage becomes unusable, so a stale tensor fails loudly
 * ({@link IllegalStateException}) instead of reading memory that a later tensor now owns. Storage
 * created outside any scope is left to the garbage collector and closing it does nothing.
 */
public final class CpuStorage implements Storage {
    private Object array;
    private CpuScope owner;
    private final CpuArrayPool pool;

    private CpuStorage(Object array, CpuArrayPool pool) {
        this.array = array;
        this.pool = pool;
    }

    /** Wraps an existing array without copying (the caller gives it up); not pooled. */
    static CpuStorage wrap(Object array) {
        return new CpuStorage(array, null);
    }

    /** Wraps {@code array} (which nothing else references); it returns to {@code pool} when released. */
    static CpuStorage pooled(Object array, CpuArrayPool pool) {
        return new CpuStorage(array, pool);
    }

    /** The scope that owns this storage, or null. */
    CpuScope owner() {
        return owner;
    }

    void owner(CpuScope scope) {
        this.owner = scope;
    }

    /** Whether the array has gone back to the pool. */
    boolean released() {
        return array == null;
    }

    /** Returns the array to the pool; later access throws. Idempotent. */
    synchronized void release() {
        Object a = array;
        if (a == null) return;
        array = null;
        if (pool != null) pool.release(a);
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    /** Releases the array when a memory scope owns this storage; otherwise the collector does. */
    @Override
    public void close() {
        CpuScope s = owner;
        if (s != null) {
            s.released(this);
            release();
        }
    }

    private static Object array(Tensor t, DType expected) {
        if (t.dtype() != expected) {
            throw new IllegalArgumentException("expected a " + expected + " tensor, got " + t);
        }
        if (!(t.storage() instanceof CpuStorage s)) {
            throw new IllegalArgumentException("expected a CPU tensor, got " + t);
        }
        Object a = s.array;
        if (a == null) {
            throw new IllegalStateException("tensor " + t.shape() + " was used after it was closed or after "
                    + "the memory scope that owned it closed");
        }
        return a;
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
