package dev.ltx.engine.cpu;

import dev.ltx.engine.DType;
import dev.ltx.engine.GenericFusedOps;
import dev.ltx.engine.MatchCostTerm;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.gemm.SgemmEpilogue;
import java.util.List;

/**
 * Builds the {@link SgemmEpilogue} of {@link CpuBackend#gemmThenMatchCosts}: each term
 * {@code scale · T(axis) · S(axis)ᵀ} as the depth × n rows its GEMM reduces over ({@code T(axis)ᵀ}:
 * the tensor itself for axis 1 of a matrix and for a vector, a transposed copy for axis 0 of a
 * matrix). Only narrow terms qualify (depth at most {@link #MAX_DEPTH}); otherwise, and for anything
 * but F32 tensors of rank 1 or 2 that C does not alias, there is no epilogue and the backend makes the
 * separate calls.
 */
final class CpuMatchCostEpilogue {
    /** Deepest term added in the epilogue (deeper products are GEMMs of their own). */
    static final int MAX_DEPTH = 32;

    private CpuMatchCostEpilogue() {
    }

    /**
     * The epilogue for {@code cost += alpha·op(a)·op(b)} followed by the terms on backend {@code backend}, or
     * null when the product or some term does not qualify: bit for bit the separate calls either way.
     */
    static SgemmEpilogue of(CpuBackend backend, Tensor cost, Tensor a, Tensor b, List<MatchCostTerm> terms) {
        if (!backend.fast(a) || b.dtype() != DType.F32 || cost.dtype() != DType.F32 || cost.rank() != 2
                || CpuStorage.f32(cost) == CpuStorage.f32(a) || CpuStorage.f32(cost) == CpuStorage.f32(b)) {
            return null;
        }
        int n = cost.dim(0);
        float[] c = CpuStorage.f32(cost);
        SgemmEpilogue e = new SgemmEpilogue(n, cost.dim(1));
        for (MatchCostTerm term : terms) {
            Tensor t = term.t();
            Tensor s = term.s();
            int axis = GenericFusedOps.checkMatchCost(cost, t, s, term.axis());
            if (t.rank() > 2 || t.dtype() != DType.F32 || CpuStorage.f32(t) == c || CpuStorage.f32(s) == c) {
                return null;
            }
            int depth = t.numel() / n;
            if (depth < 1 || depth > MAX_DEPTH) {
                return null;
            }
            boolean rowsAlready = t.rank() == 1 || axis == 1;
            float[] tr = rowsAlready ? CpuStorage.f32(t) : transpose(CpuStorage.f32(t), n, depth);
            float[] sr = rowsAlready ? CpuStorage.f32(s) : transpose(CpuStorage.f32(s), n, depth);
            e.add(tr, sr, depth, (float) term.scale());
        }
        return e;
    }

    /** The transpose (cols × rows) of a row-major rows × cols array. */
    private static float[] transpose(float[] x, int rows, int cols) {
        float[] y = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                y[j * rows + i] = x[i * cols + j];
            }
        }
        return y;
    }
}
