package dev.ltx.engine;

/**
 * Backend-owned memory behind a {@link Tensor}. Each backend has its own implementation
 * (host arrays on the CPU, device buffers on CUDA); code outside a backend never looks inside.
 */
public interface Storage extends AutoCloseable {
    /** The device the memory lives on. */
    Device device();

    /** Releases device memory; a no-op for garbage-collected host memory. Idempotent. */
    @Override
    void close();
}
