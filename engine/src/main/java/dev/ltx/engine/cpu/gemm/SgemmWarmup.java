package dev.ltx.engine.cpu.gemm;

import dev.ltx.engine.cpu.Parallel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the GEMM micro-kernels compiled before a command needs them. Each kernel variant of this
 * CPU's family (full and narrow panels, A packed and in place) runs a short loop enough times
 * for the JIT to compile it at its top tier, and a few small products take every transpose
 * combination through the blocking code. Without it, a variant that a model calls only a few
 * times per step (the narrow right-edge kernels) stays interpreted for many steps, where every
 * Vector API operation allocates a boxed vector and runs tens of times slower, and the hot
 * kernels are compiled several times over (on-stack replacement at each tier) while the first
 * epoch runs.
 *
 * <p>Touches only its own arrays: results of the real work are unaffected. Run it on a
 * background thread while a command loads its data ({@link #startInBackground()}).
 */
public final class SgemmWarmup {
    /** Kernel calls per variant: above C2's invocation threshold with the back edges below. */
    static final int KERNEL_CALLS = 1200;
    /** Depth of each warm-up kernel call. */
    static final int KC = 32;
    /** Small products per transpose combination. */
    static final int PRODUCTS = 150;

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private SgemmWarmup() {
    }

    /**
     * Starts {@link #run()} once per JVM on a daemon thread (later calls do nothing), unless the
     * system property {@code ltx.warmup} is {@code false}.
     */
    public static void startInBackground() {
        if (!Boolean.parseBoolean(System.getProperty("ltx.warmup", "true")) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(SgemmWarmup::run, "ltx-sgemm-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Runs every kernel variant and a few small products on the calling thread (about a second, mostly before compilation). */
    public static void run() {
        int family = Sgemm.FAMILY;
        int mr = SgemmKernels.MR[family];
        int nr = SgemmKernels.NR[family];
        int vectors = nr / SgemmKernels.VL[family];
        float[] a = new float[mr * KC];
        float[] bp = new float[KC * nr];
        float[] t = new float[mr * nr];
        for (int i = 0; i < a.length; i++) a[i] = i % 7 - 3;
        for (int i = 0; i < bp.length; i++) bp[i] = i % 5 - 2;
        for (int nv = 1; nv <= vectors; nv++) {
            for (int call = 0; call < KERNEL_CALLS; call++) {
                SgemmKernels.packed(family, nv, KC, a, 0, bp, 0, t);
                SgemmKernels.strided(family, nv, KC, a, 0, KC, bp, 0, t);
            }
        }
        int m = 2 * mr + 1;
        int n = nr + nr / 2 + 3;
        int k = KC + 5;
        float[] x = new float[m * k];
        float[] y = new float[k * n];
        float[] c = new float[m * n];
        try (Parallel one = new Parallel(1)) {
            for (int r = 0; r < PRODUCTS; r++) {
                for (int combo = 0; combo < 4; combo++) {
                    boolean ta = (combo & 1) != 0;
                    boolean tb = (combo & 2) != 0;
                    Sgemm.sgemm(one, ta, tb, m, n, k, 1f, x, 0, ta ? m : k, y, 0, tb ? k : n, 0f, c, 0, n);
                }
            }
        }
    }
}
