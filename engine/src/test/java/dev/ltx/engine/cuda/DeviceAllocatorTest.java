package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caching allocator's bookkeeping, over a fake driver (no GPU needed). */
class DeviceAllocatorTest {
    /** Hands out fake addresses, enforces a capacity like a device would, and records frees. */
    static final class FakeDriver implements CudaDriver {
        final long capacity;
        long used;
        long next = 0x1000;
        int mallocs;
        final Map<Long, Long> live = new HashMap<>();
        final List<Long> freed = new ArrayList<>();

        FakeDriver(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long malloc(long bytes) {
            if (used + bytes > capacity) throw new CudaOpException("CUDA_ERROR_OUT_OF_MEMORY", "cuMemAlloc", null);
            mallocs++;
            used += bytes;
            long a = next;
            next += bytes;
            live.put(a, bytes);
            return a;
        }

        @Override
        public void free(long address) {
            Long bytes = live.remove(address);
            if (bytes == null) throw new AssertionError("double or foreign free of " + address);
            used -= bytes;
            freed.add(address);
        }

        @Override public void init() { }
        @Override public int deviceCount() { return 1; }
        @Override public String deviceName(int ordinal) { return "fake"; }
        @Override public int[] computeCapability(int ordinal) { return new int[] {9, 0}; }
        @Override public void useDevice(int ordinal) { }
        @Override public void releaseDevice(int ordinal) { }
        @Override public long loadModule(byte[] image) { return 0; }
        @Override public long function(long module, String name) { return 0; }
        @Override public void upload(long dst, Object hostArray, long bytes) { }
        @Override public void download(Object hostArray, long src, long bytes) { }
        @Override public void copy(long dst, long src, long bytes) { }
        @Override public void launch(long function, int[] grid, int[] block, int sharedBytes, List<Object> args) { }
        @Override public void synchronize() { }
    }

    @Test
    void sizeClassesArePowersOfTwoThenTwoMebibyteSteps() {
        assertEquals(256, DeviceAllocator.sizeClass(0));
        assertEquals(256, DeviceAllocator.sizeClass(256));
        assertEquals(512, DeviceAllocator.sizeClass(257));
        assertEquals(1 << 20, DeviceAllocator.sizeClass((1 << 19) + 1));
        assertEquals(1 << 20, DeviceAllocator.sizeClass(1 << 20));
        assertEquals(2L << 20, DeviceAllocator.sizeClass((1 << 20) + 1));
        assertEquals(4L << 20, DeviceAllocator.sizeClass((2L << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> DeviceAllocator.sizeClass(-1));
    }

    @Test
    void releasedBuffersAreReusedWithinTheirClass() {
        FakeDriver d = new FakeDriver(1 << 30);
        DeviceAllocator a = new DeviceAllocator(d);
        DeviceBuffer x = a.acquire(1000);
        long addr = x.address();
        x.close();
        x.close(); // idempotent: released once
        assertEquals(1024, a.cachedBytes());
        DeviceBuffer y = a.acquire(900);   // same class (1024): reused
        assertEquals(addr, y.address());
        DeviceBuffer z = a.acquire(900);   // the class is empty again: a new allocation
        assertNotEquals(addr, z.address());
        assertEquals(2, d.mallocs);
        assertEquals(2048, a.liveBytes());
        assertThrows(IllegalStateException.class, x::address, "a closed buffer must not be used");
    }

    @Test
    void outOfMemoryTrimsTheCacheAndRetriesOnce() {
        FakeDriver d = new FakeDriver(4L << 20);
        DeviceAllocator a = new DeviceAllocator(d);
        DeviceBuffer big = a.acquire(3L << 20);      // class 4 MiB: fills the device
        big.close();                                 // cached, still allocated on the device
        DeviceBuffer other = a.acquire(1L << 20);    // OOM, then the cache is freed and it fits
        assertEquals(1, d.freed.size());
        assertEquals(0, a.cachedBytes());
        other.close();
        a.trim();
        assertEquals(0, d.used);
        DeviceBuffer tooBig = a.acquire(4L << 20);
        CudaOpException e = assertThrows(CudaOpException.class, () -> a.acquire(1));
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.errorName());
        tooBig.close();
    }

    @Test
    void exceptionsNameTheErrorTheCallAndTheOp() {
        CudaOpException e = new CudaOpException("CUDA_ERROR_ILLEGAL_ADDRESS", "cuLaunchKernel(relu_f32)", null);
        CudaOpException named = e.withOp("unary RELU");
        assertEquals("CUDA CUDA_ERROR_ILLEGAL_ADDRESS in cuLaunchKernel(relu_f32) during op unary RELU", named.getMessage());
        assertEquals("unary RELU", named.withOp("other").op(), "the innermost op is kept");
    }
}
