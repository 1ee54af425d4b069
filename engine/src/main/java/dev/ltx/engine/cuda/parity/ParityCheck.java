package dev.ltx.engine.cuda.parity;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Compare;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.kernels.Kernel;
import java.util.List;

/**
 * One parity check: a name, the kernels it exercises, and a body that computes the op on both
 * backends and compares.
 *
 * @param name    e.g. {@code gemm tiled 67x45x129 nt}
 * @param kernels the kernels the CUDA side launches (for the per-kernel report)
 * @param body    runs the check
 */
public record ParityCheck(String name, List<Kernel> kernels, Body body) {
    /**
     * The work of a check. It leaves its GPU tensors open: run it inside a
     * {@link dev.ltx.engine.cuda.DeviceScope}, which releases them after the comparison and any timing.
     */
    @FunctionalInterface
    public interface Body {
        /** Computes on both backends and compares; {@code ref} is the CPU reference backend. */
        Outcome run(Backend ref, CudaBackend gpu);
    }

    /**
     * What a check found.
     *
     * @param result the comparison of the CUDA result with the reference
     * @param atol   absolute tolerance used
     * @param rtol   relative tolerance used
     * @param again  re-runs only the CUDA op (outputs released), for timing
     */
    public record Outcome(Compare.Result result, double atol, double rtol, Runnable again) {
        public boolean ok() {
            return result.ok();
        }
    }

    /** Runs the check. */
    public Outcome run(Backend ref, CudaBackend gpu) {
        return body.run(ref, gpu);
    }

    @Override
    public String toString() {
        return name;
    }
}
