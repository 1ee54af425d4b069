package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import java.util.List;

/** Matrix multiply: dispatch between the scalar reference and the packed Vector API sgemm. */
final class CpuMatmulOps {
    private CpuMatmulOps() {
    }

    static void gemm(CpuBackend b, Tensor c, Tensor a, Tensor x, boolean transA, boolean transB, double alpha, double beta) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor batchedMatmul(CpuBackend b, Tensor a, Tensor x, boolean transA, boolean transB) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
