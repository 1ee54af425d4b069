package dev.ltx.engine.cuda;

import java.util.List;

/**
 * The driver-API calls the backend needs, and nothing more, so that a tiny JNI shim could replace
 * JCuda. Handles are opaque longs; device memory is a raw device address. Every method must be
 * called on the CUDA thread after {@link #useDevice}; failures throw {@link CudaOpException}.
 */
interface CudaDriver {
    /** {@code cuInit(0)}. */
    void init();

    /** {@code cuDeviceGetCount}. */
    int deviceCount();

    /** {@code cuDeviceGetName}. */
    String deviceName(int ordinal);

    /** Major and minor compute capability ({@code cuDeviceGetAttribute}). */
    int[] computeCapability(int ordinal);

    /** {@code cuDevicePrimaryCtxRetain} + {@code cuCtxSetCurrent} on the calling thread. */
    void useDevice(int ordinal);

    /** {@code cuDevicePrimaryCtxRelease}. */
    void releaseDevice(int ordinal);

    /** {@code cuModuleLoadData} of a fatbin, cubin or PTX image; returns a module handle. */
    long loadModule(byte[] image);

    /** {@code cuModuleGetFunction}; returns a function handle. */
    long function(long module, String name);

    /** {@code cuMemAlloc}; returns the device address. */
    long malloc(long bytes);

    /** {@code cuMemFree} of an address returned by {@link #malloc}. */
    void free(long address);

    /** {@code cuMemcpyHtoD}: {@code bytes} from a primitive array (float[], double[], int[], long[]) to {@code dst}. */
    void upload(long dst, Object hostArray, long bytes);

    /** {@code cuMemcpyDtoH}: {@code bytes} from {@code src} into a primitive array. */
    void download(Object hostArray, long src, long bytes);

    /** {@code cuMemcpyDtoD}. */
    void copy(long dst, long src, long bytes);

    /**
     * {@code cuLaunchKernel} on the default stream. Each argument is a primitive array holding
     * exactly one kernel parameter's bytes ({@code long[1]} for pointers and 64-bit ints,
     * {@code int[1]}, {@code float[1]}, {@code double[1]}, or an {@code int[]} struct of ints).
     */
    void launch(long function, int[] grid, int[] block, int sharedBytes, List<Object> args);

    /** {@code cuCtxSynchronize}. */
    void synchronize();
}
