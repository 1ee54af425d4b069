package dev.ltx.engine.cuda;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread that makes every CUDA driver call of the process: a CUDA context is current per
 * thread, so pinning all work to one daemon thread keeps it current without bookkeeping. Calls
 * from that thread itself run inline (ops may nest).
 */
final class CudaThread {
    private static final CudaThread SHARED = new CudaThread();

    private final ExecutorService executor;
    private volatile Thread thread;
    /** The driver and device whose primary context is current on the thread (none before the first). */
    private CudaDriver currentDriver;
    private int currentDevice = -1;

    private CudaThread() {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ltx-cuda");
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** The process-wide CUDA thread. */
    static CudaThread shared() {
        return SHARED;
    }

    /** Whether the caller is the CUDA thread. */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code body} on the CUDA thread and returns its result; exceptions and errors pass through unchanged. */
    <T> T call(Callable<T> body) {
        try {
            if (isCurrent()) return body.call();
            Future<T> f = executor.submit(body);
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException("CUDA thread task failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the CUDA thread", e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("CUDA thread task failed", e);
        }
    }

    /** Makes {@code ordinal}'s primary context current unless it already is (CUDA thread only). */
    void ensureDevice(CudaDriver driver, int ordinal) {
        if (!isCurrent()) throw new IllegalStateException("ensureDevice called off the CUDA thread");
        if (currentDriver != driver || currentDevice != ordinal) {
            driver.useDevice(ordinal);
            currentDriver = driver;
            currentDevice = ordinal;
        }
    }
}
