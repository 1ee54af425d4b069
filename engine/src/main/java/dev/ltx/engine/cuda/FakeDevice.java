package dev.ltx.engine.cuda;

import dev.ltx.kernels.KernelImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test support: a {@link CudaDriver} without a GPU, for tests of the Java side of the backend and
 * of code that runs on it (training loops, transfers), here and in other modules. Device memory is
 * host byte arrays at fake addresses (far above any size or stride a kernel takes as a scalar),
 * copies really copy, kernels do not run (except the fills) but every launch is recorded with its
 * arguments, and a capacity makes {@code malloc} fail like a full device. Values computed by
 * kernels are therefore meaningless; what a test can check is memory: every pointer a launch
 * passes must lie inside a live allocation (otherwise the launch throws {@link AssertionError}),
 * and a tensor whose memory was released cannot reach a launch at all (the backend refuses it with
 * {@link IllegalStateException}), so a use after free fails the test where it happens.
 *
 * <p>Not for production use: {@link #backend} is the only way to put it under a {@link CudaBackend}.
 */
public final class FakeDevice implements CudaDriver {
    /** Fake device addresses start here. */
    static final long BASE = 1L << 44;

    /** One recorded launch. */
    record Launch(String kernel, int[] grid, int[] block, List<Object> args) {
    }

    private final long capacity;
    private final TreeMap<Long, byte[]> memory = new TreeMap<>();
    private final List<String> functions = new ArrayList<>();
    final List<Launch> launches = new ArrayList<>();
    final List<Long> freed = new ArrayList<>();
    private final List<Long> downloads = new ArrayList<>();
    long used;
    int mallocs;
    private long next = BASE;

    /**
     * A CUDA backend (device 0, tiled GEMM) over a new fake device of {@code capacity} bytes. Each
     * call opens its own runtime, so its allocator and memory accounting are its own.
     */
    public static CudaBackend backend(long capacity) {
        byte[] image = KernelImage.load().orElse(new byte[0]);
        return CudaBackend.on(CudaRuntime.open(0, new FakeDevice(capacity), image), CudaBackend.GemmPath.TILED);
    }

    /** The fake device under {@code backend}, which {@link #backend} must have created. */
    public static FakeDevice of(CudaBackend backend) {
        if (!(backend.runtime().driver() instanceof FakeDevice f)) {
            throw new IllegalArgumentException(backend.name() + " does not run on a fake device");
        }
        return f;
    }

    /** The size in bytes of every device-to-host copy so far, in order. */
    public synchronized List<Long> downloads() {
        return List.copyOf(downloads);
    }

    /** Forgets the recorded downloads (so that a test can count those of one phase). */
    public synchronized void clearDownloads() {
        downloads.clear();
    }

    /** The kernel names of every launch so far, in order. */
    public synchronized List<String> launchedKernels() {
        List<String> names = new ArrayList<>(launches.size());
        for (Launch l : launches) {
            names.add(l.kernel());
        }
        return names;
    }

    /** Bytes obtained from the (fake) driver and not yet freed: live tensors plus the allocator's cache. */
    public synchronized long allocatedBytes() {
        return used;
    }

    /** How many allocations the (fake) driver has served so far. */
    public synchronized int driverAllocations() {
        return mallocs;
    }

    /** Forgets the recorded launches (so that a test can look at those of one phase). */
    public synchronized void clearLaunches() {
        launches.clear();
    }

    FakeDevice(long capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized long malloc(long bytes) {
        if (used + bytes > capacity) throw new CudaOpException("CUDA_ERROR_OUT_OF_MEMORY", "cuMemAlloc", null);
        mallocs++;
        used += bytes;
        long a = next;
        next += (bytes + 255) / 256 * 256 + 256;   // a gap after each allocation: overruns do not alias
        memory.put(a, new byte[(int) bytes]);
        return a;
    }

    @Override
    public synchronized void free(long address) {
        byte[] m = memory.remove(address);
        if (m == null) throw new AssertionError("double or foreign free of 0x" + Long.toHexString(address));
        used -= m.length;
        freed.add(address);
    }

    /** Whether [address, address + bytes) lies inside one live allocation. */
    boolean inside(long address, long bytes) {
        Map.Entry<Long, byte[]> e = memory.floorEntry(address);
        return e != null && address + bytes <= e.getKey() + e.getValue().length;
    }

    private ByteBuffer at(long address, long bytes) {
        Map.Entry<Long, byte[]> e = memory.floorEntry(address);
        if (e == null || !inside(address, bytes)) {
            throw new AssertionError("[0x" + Long.toHexString(address) + ", +" + bytes + ") is outside device memory");
        }
        return ByteBuffer.wrap(e.getValue(), (int) (address - e.getKey()), (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void upload(long dst, Object a, long bytes) {
        ByteBuffer b = at(dst, bytes);
        if (a instanceof float[] f) b.asFloatBuffer().put(f, 0, (int) (bytes / 4));
        else if (a instanceof int[] v) b.asIntBuffer().put(v, 0, (int) (bytes / 4));
        else if (a instanceof long[] v) b.asLongBuffer().put(v, 0, (int) (bytes / 8));
        else if (a instanceof double[] v) b.asDoubleBuffer().put(v, 0, (int) (bytes / 8));
        else throw new AssertionError("upload of " + a);
    }

    @Override
    public void download(Object a, long src, long bytes) {
        ByteBuffer b = at(src, bytes);
        synchronized (this) {
            downloads.add(bytes);
        }
        if (a instanceof float[] f) b.asFloatBuffer().get(f, 0, (int) (bytes / 4));
        else if (a instanceof int[] v) b.asIntBuffer().get(v, 0, (int) (bytes / 4));
        else if (a instanceof long[] v) b.asLongBuffer().get(v, 0, (int) (bytes / 8));
        else if (a instanceof double[] v) b.asDoubleBuffer().get(v, 0, (int) (bytes / 8));
        else throw new AssertionError("download into " + a);
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        at(dst, bytes).put(at(src, bytes));
    }

    @Override
    public long loadModule(byte[] image) {
        return 7;
    }

    @Override
    public long function(long module, String name) {
        functions.add(name);
        return functions.size() - 1L;
    }

    @Override
    public void launch(long function, int[] grid, int[] block, int sharedBytes, List<Object> args) {
        String name = functions.get((int) function);
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof long[] v && v.length == 1 && v[0] >= BASE && !inside(v[0], 1)) {
                throw new AssertionError(name + " argument " + i + " points at 0x" + Long.toHexString(v[0])
                        + ", which is not in a live allocation");
            }
        }
        launches.add(new Launch(name, grid.clone(), block.clone(), List.copyOf(args)));
        // the fills are the only kernels executed here (they zero the error flags the backend reads back)
        if (name.startsWith("fill_")) {
            long out = ((long[]) args.get(0))[0];
            int n = ((int[]) args.get(1))[0];
            Object v = args.get(2);
            ByteBuffer b = at(out, (long) n * (v instanceof long[] ? 8 : 4));
            for (int i = 0; i < n; i++) {
                if (v instanceof long[] l) b.putLong(l[0]);
                else if (v instanceof float[] f) b.putFloat(f[0]);
                else b.putInt(((int[]) v)[0]);
            }
        }
    }

    @Override public void init() { }
    @Override public int deviceCount() { return 1; }
    @Override public String deviceName(int ordinal) { return "fake"; }
    @Override public int[] computeCapability(int ordinal) { return new int[] {9, 0}; }
    @Override public void useDevice(int ordinal) { }
    @Override public void releaseDevice(int ordinal) { }
    @Override public void synchronize() { }
}
