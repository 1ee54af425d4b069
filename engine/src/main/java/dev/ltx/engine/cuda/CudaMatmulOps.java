package dev.ltx.engine.cuda;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.ShapeRules;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;

/**
 * GEMM and batched GEMM ({@code gemm.cu}) on the backend's {@link CudaBackend.GemmPath}: the tiled
 * fp32 kernel or the TF32 tensor-core kernel. Also the launcher the convolution uses.
 */
final class CudaMatmulOps {
    /** Block tile of both GEMM kernels (LTX_TBM = LTX_TBN in gemm.cu). */
    private static final int TILE = 64;

    private CudaMatmulOps() {
    }

    static void gemm(CudaBackend b, Tensor c, Tensor a, Tensor x, boolean transA, boolean transB, double alpha,
                     double beta) {
        int[] mnk = ShapeRules.gemm(c, a, x, transA, transB);
        CudaBackend.requireF32(a, "gemm");
        int m = mnk[0];
        int n = mnk[1];
        int ka = mnk[2];
        b.runtime().run("gemm", () -> {
            long ca = b.address(c);
            boolean alias = ca == b.address(a) || ca == b.address(x);
            if (!alias) {
                launch(b, ca, b.address(a), b.address(x), m, n, ka, transA, transB, alpha, beta, 1, 0, 0, 0);
                return;
            }
            // the kernels read a and b while writing c: compute into a temporary, then copy
            try (DeviceBuffer tmp = b.runtime().alloc((long) m * n * 4)) {
                if (beta != 0) b.runtime().driver().copy(tmp.address(), ca, (long) m * n * 4);
                launch(b, tmp.address(), b.address(a), b.address(x), m, n, ka, transA, transB, alpha, beta, 1, 0, 0, 0);
                b.runtime().driver().copy(ca, tmp.address(), (long) m * n * 4);
            }
        });
    }

    static Tensor batchedMatmul(CudaBackend b, Tensor a, Tensor x, boolean transA, boolean transB) {
        int[] bmnk = ShapeRules.batchedMatmul(a, x, transA, transB);
        CudaBackend.requireF32(a, "batchedMatmul");
        int batch = bmnk[0];
        int m = bmnk[1];
        int n = bmnk[2];
        int ka = bmnk[3];
        if (batch > 65535) {
            throw new UnsupportedOperationException("cuda batchedMatmul: batch " + batch + " exceeds the grid limit 65535");
        }
        return b.runtime().call("batchedMatmul", () -> {
            Tensor c = b.allocate(Shape.of(batch, m, n), DType.F32);
            launch(b, b.address(c), b.address(a), b.address(x), m, n, ka, transA, transB, 1.0, 0.0, batch,
                    (long) m * ka, (long) ka * n, (long) m * n);
            return c;
        });
    }

    /**
     * Launches {@code C[i] = alpha · op(A[i]) · op(B[i]) + beta · C[i]} for {@code batch} matrices
     * whose starts are {@code sA}, {@code sB}, {@code sC} floats apart (0 repeats one matrix).
     * CUDA thread only.
     */
    static void launch(CudaBackend b, long c, long a, long x, int m, int n, int k, boolean transA, boolean transB,
                       double alpha, double beta, int batch, long sA, long sB, long sC) {
        if (m == 0 || n == 0 || batch == 0) return;
        boolean tf32 = b.gemmPath() == CudaBackend.GemmPath.TF32;
        int[] grid = {(n + TILE - 1) / TILE, (m + TILE - 1) / TILE, batch};
        if (grid[1] > 65535) {
            throw new UnsupportedOperationException("cuda gemm: " + m + " rows exceed the grid limit");
        }
        KernelArgs args = new KernelArgs().ptr(c).ptr(a).ptr(x).i32(m).i32(n).i32(k).i32(transA ? 1 : 0)
                .i32(transB ? 1 : 0).f32((float) alpha).f32((float) beta).i64(sA).i64(sB).i64(sC);
        b.runtime().launch(tf32 ? Kernel.SGEMM_TF32_F32 : Kernel.SGEMM_TILED_F32, grid,
                new int[] {tf32 ? 128 : 256, 1, 1}, args);
    }
}
