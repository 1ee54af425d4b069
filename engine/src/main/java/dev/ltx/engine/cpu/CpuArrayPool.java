package dev.ltx.engine.cpu;

import dev.ltx.engine.DType;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recycled host arrays of one {@link CpuBackend}: the storage of tensors released by a closed
 * {@linkplain CpuScope memory scope} (or by {@link dev.ltx.engine.Tensor#close()} inside one)
 * comes back here and is handed out again, zero-filled, to the next tensor of the same dtype and
 * length. A training step then reuses the previous step's activations and gradients instead of
 * leaving them to the garbage collector.
 *
 * <p>Arrays are kept per (dtype, length) class. The pool holds at most {@link #capacityBytes()}.
 * An array released while it is full first makes room by dropping arrays of the classes used least
 * recently (taken or given back), never of its own; if that is not enough it is left to the
 * collector, so memory stays bounded and a loop whose working set exceeds the capacity still reuses
 * as much as fits. Why: {@code ltx train --model resnet18-32} evaluates in batches of 512, and once
 * the evaluation's arrays had filled the pool (half the heap) every later training step's arrays
 * were left to the collector: about a gigabyte of fresh arrays per step and 3–7 % of each epoch in
 * collections; now each change between training and evaluation costs one pass's arrays.
 *
 * <p>Thread-safe. Numerics never depend on the pool: every array {@link #take} returns is all
 * zeros, exactly like a new one; {@link #takeForOverwrite} skips the fill for outputs written in
 * full before they are read (a product's C, which a gemm with beta 0 never reads).
 */
final class CpuArrayPool {
    /** Default capacity: half the maximum heap (pooled arrays are what the last step had live). */
    static final long DEFAULT_CAPACITY = Runtime.getRuntime().maxMemory() / 2;

    private static final DType[] DTYPES = DType.values();

    private final long capacityBytes;
    /** The free arrays per class, least recently used class first (access order). */
    private final LinkedHashMap<Long, ArrayDeque<Object>> free = new LinkedHashMap<>(64, 0.75f, true);
    private long pooledBytes;
    private long reused;
    private long dropped;

    CpuArrayPool(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    long capacityBytes() {
        return capacityBytes;
    }

    /** A zero-filled array of {@code n} elements of {@code dtype}: recycled when one is free. */
    Object take(DType dtype, int n) {
        Object a = n == 0 ? null : poll(dtype, n);
        if (a == null) {
            return fresh(dtype, n);
        }
        switch (dtype) {
            case F32 -> Arrays.fill((float[]) a, 0f);
            case F64 -> Arrays.fill((double[]) a, 0.0);
            case I32 -> Arrays.fill((int[]) a, 0);
            case I64 -> Arrays.fill((long[]) a, 0L);
        }
        return a;
    }

    /**
     * An array of {@code n} elements of {@code dtype} with unspecified contents (a recycled one is
     * not zero-filled), for an output its caller writes in full before anything reads it.
     */
    Object takeForOverwrite(DType dtype, int n) {
        Object a = n == 0 ? null : poll(dtype, n);
        return a != null ? a : fresh(dtype, n);
    }

    /** A new (zero) array of {@code n} elements of {@code dtype}. */
    private static Object fresh(DType dtype, int n) {
        return switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
            case I64 -> new long[n];
        };
    }

    float[] floats(int n) {
        return (float[]) take(DType.F32, n);
    }

    double[] doubles(int n) {
        return (double[]) take(DType.F64, n);
    }

    int[] ints(int n) {
        return (int[]) take(DType.I32, n);
    }

    private synchronized Object poll(DType dtype, int n) {
        ArrayDeque<Object> q = free.get(key(dtype, n));
        Object a = q == null ? null : q.pollLast();
        if (a != null) {
            pooledBytes -= bytes(dtype, n);
            reused++;
        }
        return a;
    }

    /** Gives {@code array} (float[], double[], int[] or long[], referenced by nobody else) back. */
    synchronized void release(Object array) {
        DType dtype = dtypeOf(array);
        int n = java.lang.reflect.Array.getLength(array);
        long size = bytes(dtype, n);
        if (n == 0 || size > capacityBytes) {
            return;
        }
        Long key = key(dtype, n);
        if (pooledBytes + size > capacityBytes) {
            dropLeastRecent(key, pooledBytes + size - capacityBytes);
            if (pooledBytes + size > capacityBytes) {
                return;
            }
        }
        free.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(array);
        pooledBytes += size;
    }

    /** Drops free arrays of the least recently used classes other than {@code keep} until {@code need} bytes are free. */
    private void dropLeastRecent(Long keep, long need) {
        Iterator<Map.Entry<Long, ArrayDeque<Object>>> it = free.entrySet().iterator();
        while (need > 0 && it.hasNext()) {
            Map.Entry<Long, ArrayDeque<Object>> e = it.next();
            if (e.getKey().equals(keep)) {
                continue;
            }
            long each = bytes(e.getKey());
            ArrayDeque<Object> q = e.getValue();
            while (need > 0 && q.pollFirst() != null) {
                pooledBytes -= each;
                need -= each;
                dropped++;
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Bytes currently held for reuse. */
    synchronized long pooledBytes() {
        return pooledBytes;
    }

    /** How many arrays {@link #take} has handed out again (for tests and diagnostics). */
    synchronized long reused() {
        return reused;
    }

    /** How many free arrays were dropped to make room for others (for tests and diagnostics). */
    synchronized long dropped() {
        return dropped;
    }

    /** Drops everything pooled. */
    synchronized void clear() {
        free.clear();
        pooledBytes = 0;
    }

    private static Long key(DType dtype, int n) {
        return ((long) dtype.ordinal() << 32) | n;
    }

    private static long bytes(DType dtype, int n) {
        return (long) n * dtype.bytes();
    }

    /** The bytes of one array of the class {@code key} ({@link #key}'s inverse). */
    private static long bytes(long key) {
        return bytes(DTYPES[(int) (key >>> 32)], (int) key);
    }

    private static DType dtypeOf(Object array) {
        if (array instanceof float[]) return DType.F32;
        if (array instanceof double[]) return DType.F64;
        if (array instanceof int[]) return DType.I32;
        if (array instanceof long[]) return DType.I64;
        throw new IllegalArgumentException("not a tensor array: " + array.getClass());
    }
}
