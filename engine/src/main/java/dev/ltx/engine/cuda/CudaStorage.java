package dev.ltx.engine.cuda;

import dev.ltx.engine.Device;
import dev.ltx.engine.Storage;
import dev.ltx.engine.Tensor;

/**
 * Device memory of a CUDA tensor: one {@link DeviceBuffer}. Tensors made by
 * {@link dev.ltx.engine.Backend#reshape} share it; closing any of them releases it for all.
 */
public final class CudaStorage implements Storage {
    private final Device device;
    private final DeviceBuffer buffer;

    CudaStorage(Device device, DeviceBuffer buffer) {
        this.device = device;
        this.buffer = buffer;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public void close() {
        buffer.close();
    }

    /** Whether the memory has been released. */
    public boolean isClosed() {
        return buffer.isClosed();
    }

    /** The device address of a CUDA tensor's data; names the tensor when it is not on CUDA or was closed. */
    static long address(Tensor t) {
        if (!(t.storage() instanceof CudaStorage s)) {
            throw new IllegalArgumentException("expected a CUDA tensor, got " + t);
        }
        if (s.buffer.isClosed()) {
            throw new IllegalStateException("tensor " + t + " was used after its device memory was closed");
        }
        return s.buffer.address();
    }
}
