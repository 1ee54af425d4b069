package dev.ltx.bench.cuda;

import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.DeviceScope;
import dev.ltx.engine.cuda.parity.CudaParitySuite;
import dev.ltx.engine.cuda.parity.ParityCheck;
import dev.ltx.kernels.Kernel;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every parity check of {@link CudaParitySuite} (the same list the JUnit tests run) against
 * the CPU reference, then times the CUDA op of each passing check, and summarizes per kernel: a
 * kernel passes when every check that launches it passes.
 */
final class ParityReport {
    /** Timed repetitions per check, after one warm-up call. */
    private static final int REPEATS = 10;

    private ParityReport() {
    }

    static boolean run(CudaBackend gpu, long seed, PrintStream out) {
        List<ParityCheck> checks = CudaParitySuite.checks(seed);
        Map<Kernel, Boolean> perKernel = new EnumMap<>(Kernel.class);
        int failed = 0;
        try (CpuBackend ref = CpuBackend.reference()) {
            for (ParityCheck c : checks) {
                boolean ok;
                String detail;
                try (DeviceScope scope = gpu.openScope()) {
                    ParityCheck.Outcome o = c.run(ref, gpu);
                    ok = o.ok();
                    detail = String.format("max abs %.3g, max rel %.3g, atol %.3g, rtol %.3g", o.result().maxAbs(),
                            o.result().maxRel(), o.atol(), o.rtol());
                    if (!ok) detail += "; " + o.result();
                    if (ok) detail += String.format(", %.1f us/call", micros(gpu, o.again()));
                } catch (RuntimeException e) {
                    ok = false;
                    detail = "threw " + e;
                }
                if (!ok) failed++;
                out.printf("%s  %-70s %s%n", ok ? "PASS" : "FAIL", c.name(), detail);
                for (Kernel k : c.kernels()) perKernel.merge(k, ok, Boolean::logicalAnd);
            }
        }
        out.println();
        out.println("-- per kernel");
        for (Kernel k : Kernel.values()) {
            Boolean ok = perKernel.get(k);
            out.printf("%s  %-32s (%s)%n", ok == null ? "UNTESTED" : ok ? "PASS" : "FAIL", k.symbol(), k.family().file());
        }
        out.printf("%d of %d checks passed%n", checks.size() - failed, checks.size());
        return failed == 0 && CudaParitySuite.uncovered(checks).isEmpty();
    }

    /** Median-free simple timing: mean of REPEATS synchronized calls after a warm-up. */
    private static double micros(CudaBackend gpu, Runnable again) {
        again.run();
        gpu.synchronize();
        long start = System.nanoTime();
        for (int i = 0; i < REPEATS; i++) again.run();
        gpu.synchronize();
        return (System.nanoTime() - start) / 1e3 / REPEATS;
    }
}
