package dev.ltx.engine.cuda;

/**
 * One block of device memory from the {@link DeviceAllocator}; closing it returns the memory to
 * its size class (idempotent). Never freed by the garbage collector.
 */
final class DeviceBuffer implements AutoCloseable {
    private final DeviceAllocator allocator;
    private final long address;
    private final long bytes;
    private final long sizeClass;
    private boolean closed;

    DeviceBuffer(DeviceAllocator allocator, long address, long bytes, long sizeClass) {
        this.allocator = allocator;
        this.address = address;
        this.bytes = bytes;
        this.sizeClass = sizeClass;
    }

    /** The device address; throws once closed. */
    synchronized long address() {
        if (closed) throw new IllegalStateException("device buffer used after it was closed");
        return address;
    }

    /** The requested size in bytes. */
    long bytes() {
        return bytes;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            allocator.release(address, sizeClass);
        }
    }
}
