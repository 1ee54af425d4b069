package dev.ltx.engine.cuda.parity;

import dev.ltx.kernels.Kernel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Every parity check of the CUDA kernels, in kernel-family order; together they launch every kernel of {@link Kernel}. */
public final class CudaParitySuite {
    private CudaParitySuite() {
    }

    /** All checks, with inputs drawn from {@code seed}. */
    public static List<ParityCheck> checks(long seed) {
        List<ParityCheck> all = new ArrayList<>();
        all.addAll(ElementwiseChecks.all(seed));
        all.addAll(ReduceChecks.all(seed + 1000));
        all.addAll(MatmulChecks.all(seed + 2000));
        all.addAll(NnChecks.all(seed + 3000));
        all.addAll(LayoutChecks.all(seed + 4000));
        return all;
    }

    /** The kernels no check exercises (empty when the suite is complete). */
    public static Set<Kernel> uncovered(List<ParityCheck> checks) {
        Set<Kernel> left = EnumSet.allOf(Kernel.class);
        for (ParityCheck c : checks) c.kernels().forEach(left::remove);
        return left;
    }
}
