package dev.ltx.engine.cpu;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts a JIT warm-up once per JVM on a low-priority daemon thread, unless the system property
 * {@code ltx.warmup} is {@code false}: what {@link dev.ltx.engine.cpu.gemm.SgemmWarmup} and the
 * assignment solver's warm-up share. The work must touch only its own arrays.
 */
public final class BackgroundWarmup {
    private BackgroundWarmup() {
    }

    /**
     * Runs {@code work} on a new daemon thread named {@code threadName} the first time {@code started}
     * flips from false to true; later calls, or any call with {@code -Dltx.warmup=false}, do nothing.
     */
    public static void startOnce(AtomicBoolean started, String threadName, Runnable work) {
        if (!Boolean.parseBoolean(System.getProperty("ltx.warmup", "true")) || !started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(work, threadName);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
