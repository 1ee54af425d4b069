package dev.ltx.engine.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching device allocator: freed buffers go to a free list per size class and are reused by
 * the next request of that class, so a training step that allocates the same shapes every
 * iteration stops calling {@code cuMemAlloc} after the first. Size classes: powers of two from
 * 256 bytes up to 1 MiB, then multiples of 2 MiB. When the device runs out of memory the cache
 * is freed and the allocation retried once.
 *
 * <p>A released buffer may be handed out again while kernels that used it are still queued: every
 * launch and copy goes to the legacy default stream, which runs them in issue order, so the next
 * user's work starts only after the previous user's work has finished.
 *
 * <p>{@link #acquire} and {@link #trim} call the driver and run on the CUDA thread;
 * {@link #release} only does bookkeeping and may be called from any thread.
 */
final class DeviceAllocator {
    static final long MIN_CLASS = 256;
    static final long SMALL_LIMIT = 1L << 20;
    static final long LARGE_STEP = 2L << 20;

    private final CudaDriver driver;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long cachedBytes;
    private long liveBytes;
    private long mallocs;

    DeviceAllocator(CudaDriver driver) {
        this.driver = driver;
    }

    /** The size class that serves a request of {@code bytes}. */
    static long sizeClass(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative allocation size " + bytes);
        if (bytes <= MIN_CLASS) return MIN_CLASS;
        if (bytes <= SMALL_LIMIT) return Long.highestOneBit(bytes - 1) << 1;
        return (bytes + LARGE_STEP - 1) / LARGE_STEP * LARGE_STEP;
    }

    /** A device buffer of at least {@code bytes}. */
    synchronized DeviceBuffer acquire(long bytes) {
        long cls = sizeClass(bytes);
        ArrayDeque<Long> list = free.get(cls);
        long address;
        if (list != null && !list.isEmpty()) {
            address = list.pop();
            cachedBytes -= cls;
        } else {
            address = malloc(cls);
        }
        liveBytes += cls;
        return new DeviceBuffer(this, address, bytes, cls);
    }

    private long malloc(long cls) {
        try {
            mallocs++;
            return driver.malloc(cls);
        } catch (CudaOpException e) {
            if (!"CUDA_ERROR_OUT_OF_MEMORY".equals(e.errorName()) || cachedBytes == 0) throw e;
            trim();
            return driver.malloc(cls);
        }
    }

    /** Returns a buffer's memory to its size class. */
    synchronized void release(long address, long cls) {
        free.computeIfAbsent(cls, k -> new ArrayDeque<>()).push(address);
        cachedBytes += cls;
        liveBytes -= cls;
    }

    /** Frees every cached buffer (the live ones stay). */
    synchronized void trim() {
        for (Map.Entry<Long, ArrayDeque<Long>> e : free.entrySet()) {
            while (!e.getValue().isEmpty()) {
                driver.free(e.getValue().pop());
                cachedBytes -= e.getKey();
            }
        }
    }

    /** Bytes held by open buffers (by size class). */
    synchronized long liveBytes() {
        return liveBytes;
    }

    /** Bytes held in the free lists. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Number of {@code cuMemAlloc} calls so far. */
    synchronized long mallocs() {
        return mallocs;
    }
}
