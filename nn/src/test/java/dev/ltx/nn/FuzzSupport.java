package dev.ltx.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every parser fuzz test shares: the fuzzer's bytes as a file (in a RAM-backed folder where
 * there is one) and a bound on the memory a parse may allocate, relative to the input's size, so
 * that a header claiming a huge size cannot make the parser allocate it before checking it.
 */
public final class FuzzSupport {
    private static final Path DIR = folder();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final int WARM_UP = 3;
    private static final java.lang.management.ClassLoadingMXBean LOADING = ManagementFactory.getClassLoadingMXBean();
    private static final ThreadLocal<Long> CLASSES_AT_MARK = ThreadLocal.withInitial(() -> 0L);
    private static final java.util.Map<String, Integer> CALLS = new java.util.concurrent.ConcurrentHashMap<>();

    private FuzzSupport() {
    }

    private static Path folder() {
        try {
            Path shm = Path.of("/dev/shm");
            Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
            Path d = Files.createTempDirectory(base, "ltx-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data} written to the file {@code name} of the fuzz folder (replaced on every call). */
    public static Path file(String name, byte[] data) {
        try {
            Path p = DIR.resolve(name);
            Files.write(p, data);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh empty subfolder {@code name} of the fuzz folder. */
    public static Path emptyFolder(String name) {
        try {
            Path d = DIR.resolve(name);
            if (Files.exists(d)) {
                try (var s = Files.walk(d)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes allocated by this thread so far (also notes how many classes are loaded, see below). */
    public static long allocated() {
        CLASSES_AT_MARK.set(LOADING.getTotalLoadedClassCount());
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Asserts that the bytes allocated since {@code before} stay within {@code perInputByte} times
     * the input length plus a fixed 16 MiB (buffers, exceptions, the test harness itself). The
     * first {@value #WARM_UP} checks of each {@code what} are skipped, and so is any input during
     * which a class was loaded (a rarely taken path, e.g. an error message, loading library
     * classes, which Jazzer instruments in the loading thread): those allocations are class
     * loading and instrumentation, not the parser's doing, and they happen once.
     */
    public static void assertAllocationBounded(long before, int inputLength, long perInputByte, String what) {
        if (CALLS.merge(what, 1, Integer::sum) <= WARM_UP
                || LOADING.getTotalLoadedClassCount() != CLASSES_AT_MARK.get()) {
            return;
        }
        long used = allocated() - before;
        long bound = perInputByte * inputLength + (16L << 20);
        assertTrue(used <= bound, what + " allocated " + used + " bytes for a " + inputLength + "-byte input (bound "
                + bound + ")");
    }
}
