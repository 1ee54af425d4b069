package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import java.util.List;

/** Permute, concat, slice and slice-scatter (exact data movement, every dtype). */
final class CpuLayoutOps {
    private CpuLayoutOps() {
    }

    static Tensor permute(CpuBackend b, Tensor x, int[] perm) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor concat(CpuBackend b, List<Tensor> xs, int axis) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor slice(CpuBackend b, Tensor x, int axis, int start, int end) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    static Tensor sliceScatter(CpuBackend b, Shape shape, int axis, int start, Tensor src) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
