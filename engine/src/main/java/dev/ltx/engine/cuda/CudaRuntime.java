package dev.ltx.engine.cuda;

import dev.ltx.kernels.Kernel;
import dev.ltx.kernels.KernelImage;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One device as the backend sees it: the driver, the CUDA thread, the loaded kernel module with a
 * function handle per {@link Kernel}, and the caching allocator. One per device ordinal per
 * process, shared by every backend on that device. With {@code -Dltx.cuda.sync=true} every launch
 * is followed by a synchronization, so an asynchronous kernel fault is reported by the op that
 * caused it (slow; for debugging).
 */
final class CudaRuntime {
    /** Threads per block of the one-dimensional kernels (LTX_BLOCK in ltx_common.cuh). */
    static final int BLOCK = 256;
    /** Grid-stride kernels never need more blocks than this to fill a device. */
    private static final long MAX_BLOCKS = 1L << 16;
    private static final Map<Integer, CudaRuntime> OPEN = new HashMap<>();

    private final int ordinal;
    private final CudaDriver driver;
    private final CudaThread thread;
    private final DeviceAllocator allocator;
    private final Map<Kernel, Long> functions = new EnumMap<>(Kernel.class);
    private final boolean syncEachLaunch = Boolean.getBoolean("ltx.cuda.sync");
    private int[] computeCapability;

    private CudaRuntime(int ordinal, CudaDriver driver) {
        this.ordinal = ordinal;
        this.driver = driver;
        this.thread = CudaThread.shared();
        this.allocator = new DeviceAllocator(driver);
    }

    /** The runtime of device {@code ordinal}, loading the kernel module on first use. */
    static synchronized CudaRuntime forDevice(int ordinal) {
        CudaProbe.Status s = CudaProbe.status();
        if (!s.available()) {
            throw new IllegalStateException("cannot create the CUDA backend: " + s.reason());
        }
        if (ordinal < 0 || ordinal >= s.deviceCount()) {
            throw new IllegalArgumentException("CUDA device " + ordinal + " does not exist (" + s.deviceCount() + " device(s))");
        }
        CudaRuntime rt = OPEN.get(ordinal);
        if (rt == null) {
            byte[] image = KernelImage.load().orElseThrow(() -> new IllegalStateException("kernel image missing"));
            rt = open(ordinal, CudaProbe.driver(), image);
            OPEN.put(ordinal, rt);
        }
        return rt;
    }

    /**
     * A runtime over any driver, loading {@code image} and resolving every kernel; {@link #forDevice}
     * is the production path, tests pass a fake driver.
     */
    static CudaRuntime open(int ordinal, CudaDriver driver, byte[] image) {
        CudaRuntime rt = new CudaRuntime(ordinal, driver);
        rt.load(image);
        return rt;
    }

    private void load(byte[] image) {
        call("load kernels", () -> {
            long module = driver.loadModule(image);
            for (Kernel k : Kernel.values()) functions.put(k, driver.function(module, k.symbol()));
            computeCapability = driver.computeCapability(ordinal);
            return null;
        });
    }

    int ordinal() {
        return ordinal;
    }

    /** Major and minor compute capability. */
    int[] computeCapability() {
        return computeCapability.clone();
    }

    CudaDriver driver() {
        return driver;
    }

    DeviceAllocator allocator() {
        return allocator;
    }

    /** Runs {@code body} on the CUDA thread with this device current; driver failures name {@code op}. */
    <T> T call(String op, Supplier<T> body) {
        try {
            return thread.call(() -> {
                thread.ensureDevice(driver, ordinal);
                return body.get();
            });
        } catch (CudaOpException e) {
            throw e.withOp(op);
        }
    }

    /** {@link #call} without a result. */
    void run(String op, Runnable body) {
        call(op, () -> {
            body.run();
            return null;
        });
    }

    /** A device buffer of at least {@code bytes} (CUDA thread only). */
    DeviceBuffer alloc(long bytes) {
        return allocator.acquire(bytes);
    }

    /** Launches {@code k} on an explicit grid and block. */
    void launch(Kernel k, int[] grid, int[] block, KernelArgs args) {
        try {
            driver.launch(functions.get(k), grid, block, 0, args.values());
            if (syncEachLaunch) driver.synchronize();
        } catch (CudaOpException e) {
            throw new CudaOpException(e.errorName(), e.call() + "(" + k.symbol() + ")", e.op());
        }
    }

    /** Launches a grid-stride kernel over {@code n} work items (nothing when n is 0). */
    void launch1d(Kernel k, long n, KernelArgs args) {
        if (n <= 0) return;
        int blocks = (int) Math.min((n + BLOCK - 1) / BLOCK, MAX_BLOCKS);
        launch(k, new int[] {blocks, 1, 1}, new int[] {BLOCK, 1, 1}, args);
    }

    /** Launches a warp-per-row kernel over {@code rows} rows. */
    void launchRows(Kernel k, long rows, KernelArgs args) {
        launch1d(k, rows * 32, args);
    }

    /** Launches a block-per-item kernel (e.g. one block per channel). */
    void launchBlocks(Kernel k, int blocks, KernelArgs args) {
        if (blocks <= 0) return;
        launch(k, new int[] {blocks, 1, 1}, new int[] {BLOCK, 1, 1}, args);
    }

    /** Uploads a host array into a buffer. */
    void upload(DeviceBuffer dst, Object hostArray, long bytes) {
        driver.upload(dst.address(), hostArray, bytes);
    }

    /** A zeroed 4-byte error flag for kernels that report bad input. */
    DeviceBuffer flag() {
        DeviceBuffer f = alloc(4);
        launch1d(Kernel.FILL_I32, 1, new KernelArgs().ptr(f.address()).i32(1).i32(0));
        return f;
    }

    /** Whether a kernel set the flag (waits for the device). */
    boolean flagged(DeviceBuffer f) {
        int[] v = new int[1];
        driver.download(v, f.address(), 4);
        return v[0] != 0;
    }
}
