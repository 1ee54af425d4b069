package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The caching allocator's bookkeeping, over a fake device (no GPU needed). */
class DeviceAllocatorTest {
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
        FakeDevice d = new FakeDevice(1 << 30);
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
        FakeDevice d = new FakeDevice(4L << 20);
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
