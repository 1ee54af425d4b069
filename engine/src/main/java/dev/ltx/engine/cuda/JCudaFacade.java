package dev.ltx.engine.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * {@link CudaDriver} over JCuda's driver binding. Only {@link CudaProbe} creates it, after which
 * loading JCuda's native library has already succeeded. JCuda's own exceptions are switched off:
 * every result code is checked here and turned into a {@link CudaOpException} with the driver's
 * error name.
 */
final class JCudaFacade implements CudaDriver {
    /** A device pointer whose raw address can be read (the getters are protected in JCuda). */
    private static final class Ptr extends CUdeviceptr {
        Ptr() {
        }

        private Ptr(Ptr base, long offset) {
            super(base, offset);
        }

        long address() {
            return getNativePointer() + getByteOffset();
        }

        Ptr plus(long offset) {
            return offset == 0 ? this : new Ptr(this, offset);
        }
    }

    private final List<CUmodule> modules = new ArrayList<>();
    private final List<CUfunction> functions = new ArrayList<>();
    private final TreeMap<Long, Ptr> allocations = new TreeMap<>();
    private final Map<Long, Long> sizes = new TreeMap<>();

    JCudaFacade() {
        JCudaDriver.setExceptionsEnabled(false);
    }

    /** Throws a {@link CudaOpException} naming {@code call} unless {@code result} is CUDA_SUCCESS. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaOpException(errorName(result), call, null);
        }
    }

    private static String errorName(int result) {
        String[] name = new String[1];
        if (JCudaDriver.cuGetErrorName(result, name) == CUresult.CUDA_SUCCESS && name[0] != null) {
            return name[0];
        }
        return CUresult.stringFor(result);
    }

    private static CUdevice device(int ordinal) {
        CUdevice d = new CUdevice();
        check(JCudaDriver.cuDeviceGet(d, ordinal), "cuDeviceGet(" + ordinal + ")");
        return d;
    }

    @Override
    public void init() {
        check(JCudaDriver.cuInit(0), "cuInit");
    }

    @Override
    public int deviceCount() {
        int[] n = new int[1];
        check(JCudaDriver.cuDeviceGetCount(n), "cuDeviceGetCount");
        return n[0];
    }

    @Override
    public String deviceName(int ordinal) {
        byte[] name = new byte[256];
        check(JCudaDriver.cuDeviceGetName(name, name.length, device(ordinal)), "cuDeviceGetName");
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        return new String(name, 0, len, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int[] computeCapability(int ordinal) {
        CUdevice d = device(ordinal);
        int[] major = new int[1];
        int[] minor = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, d),
                "cuDeviceGetAttribute");
        check(JCudaDriver.cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, d),
                "cuDeviceGetAttribute");
        return new int[] {major[0], minor[0]};
    }

    @Override
    public void useDevice(int ordinal) {
        CUcontext ctx = new CUcontext();
        check(JCudaDriver.cuDevicePrimaryCtxRetain(ctx, device(ordinal)), "cuDevicePrimaryCtxRetain");
        check(JCudaDriver.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
    }

    @Override
    public void releaseDevice(int ordinal) {
        check(JCudaDriver.cuDevicePrimaryCtxRelease(device(ordinal)), "cuDevicePrimaryCtxRelease");
    }

    @Override
    public long loadModule(byte[] image) {
        CUmodule m = new CUmodule();
        check(JCudaDriver.cuModuleLoadData(m, image), "cuModuleLoadData");
        modules.add(m);
        return modules.size() - 1L;
    }

    @Override
    public long function(long module, String name) {
        CUfunction f = new CUfunction();
        check(JCudaDriver.cuModuleGetFunction(f, modules.get((int) module), name), "cuModuleGetFunction(" + name + ")");
        functions.add(f);
        return functions.size() - 1L;
    }

    @Override
    public long malloc(long bytes) {
        Ptr p = new Ptr();
        check(JCudaDriver.cuMemAlloc(p, Math.max(1, bytes)), "cuMemAlloc(" + bytes + " bytes)");
        long a = p.address();
        allocations.put(a, p);
        sizes.put(a, bytes);
        return a;
    }

    @Override
    public void free(long address) {
        Ptr p = allocations.remove(address);
        if (p == null) {
            throw new IllegalArgumentException("cuMemFree: 0x" + Long.toHexString(address) + " was not allocated here");
        }
        sizes.remove(address);
        check(JCudaDriver.cuMemFree(p), "cuMemFree");
    }

    /** A JCuda pointer to {@code address}, which must lie inside a live allocation. */
    private CUdeviceptr at(long address, long bytes, String call) {
        Map.Entry<Long, Ptr> e = allocations.floorEntry(address);
        if (e == null || address + bytes > e.getKey() + sizes.get(e.getKey())) {
            throw new IllegalArgumentException(call + ": [0x" + Long.toHexString(address) + ", +" + bytes
                    + ") is not inside a live device allocation");
        }
        return e.getValue().plus(address - e.getKey());
    }

    private static Pointer host(Object array) {
        if (array instanceof float[] a) return Pointer.to(a);
        if (array instanceof int[] a) return Pointer.to(a);
        if (array instanceof long[] a) return Pointer.to(a);
        if (array instanceof double[] a) return Pointer.to(a);
        if (array instanceof byte[] a) return Pointer.to(a);
        throw new IllegalArgumentException("not a primitive array of a supported type: " + array);
    }

    @Override
    public void upload(long dst, Object hostArray, long bytes) {
        if (bytes == 0) return;
        check(JCudaDriver.cuMemcpyHtoD(at(dst, bytes, "cuMemcpyHtoD"), host(hostArray), bytes), "cuMemcpyHtoD");
    }

    @Override
    public void download(Object hostArray, long src, long bytes) {
        if (bytes == 0) return;
        check(JCudaDriver.cuMemcpyDtoH(host(hostArray), at(src, bytes, "cuMemcpyDtoH"), bytes), "cuMemcpyDtoH");
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        if (bytes == 0) return;
        check(JCudaDriver.cuMemcpyDtoD(at(dst, bytes, "cuMemcpyDtoD"), at(src, bytes, "cuMemcpyDtoD"), bytes),
                "cuMemcpyDtoD");
    }

    @Override
    public void launch(long function, int[] grid, int[] block, int sharedBytes, List<Object> args) {
        Pointer[] params = new Pointer[args.size()];
        for (int i = 0; i < params.length; i++) params[i] = host(args.get(i));
        check(JCudaDriver.cuLaunchKernel(functions.get((int) function), grid[0], grid[1], grid[2], block[0], block[1],
                block[2], sharedBytes, null, Pointer.to(params), null), "cuLaunchKernel");
    }

    @Override
    public void synchronize() {
        check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }
}
