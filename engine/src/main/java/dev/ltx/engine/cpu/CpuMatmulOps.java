package dev.ltx.engine.cpu;

import dev.ltx.engine.*;
import dev.ltx.engine.cpu.gemm.Sgemm;
import dev.ltx.engine.cpu.gemm.SgemmEpilogue;

/**
 * Matrix multiply: dispatch between the scalar reference and the packed Vector API sgemm.
 *
 * <p>F32 tensors on a {@link CpuBackend.Mode#FAST} backend take {@link Sgemm}; everything else
 * (the REFERENCE mode, and F64 in any mode) takes a plain triple loop accumulating in double.
 */
final class CpuMatmulOps {
    /** Batched products with fewer flops than this each run one per task instead of each in parallel. */
    private static final long SMALL_GEMM_FLOPS = 1L << 22;

    private CpuMatmulOps() {
    }

    static void gemm(CpuBackend b, Tensor c, Tensor a, Tensor x, boolean transA, boolean transB, double alpha, double beta) {
        gemm(b, c, a, x, transA, transB, alpha, beta, null);
    }

    /**
     * As above; a non-null {@code epilogue} (F32 in FAST mode only, C aliasing neither operand) is
     * applied by {@link Sgemm} to each tile of C after its product.
     */
    static void gemm(CpuBackend b, Tensor c, Tensor a, Tensor x, boolean transA, boolean transB, double alpha,
                     double beta, SgemmEpilogue epilogue) {
        int[] mnk = ShapeRules.gemm(c, a, x, transA, transB);
        int m = mnk[0];
        int n = mnk[1];
        int ka = mnk[2];
        Matmul op = new Matmul(transA, transB, m, n, ka);
        if (a.dtype() == DType.F32) {
            float[] av = CpuStorage.f32(a);
            float[] xv = CpuStorage.f32(x);
            float[] cv = CpuStorage.f32(c);
            boolean alias = cv == av || cv == xv;
            float[] out = alias ? cv.clone() : cv;
            if (epilogue != null && (alias || !b.fast(a))) {
                throw new IllegalArgumentException("gemm epilogue needs FAST F32 operands that C does not alias");
            }
            if (b.fast(a)) {
                Sgemm.sgemm(b.pool(), transA, transB, m, n, ka, (float) alpha, av, 0, op.lda(), xv, 0, op.ldb(),
                        (float) beta, out, 0, n, epilogue);
            } else {
                op.reference(av, 0, xv, 0, out, 0, alpha, beta);
            }
            if (alias) System.arraycopy(out, 0, cv, 0, m * n);
        } else {
            double[] av = CpuStorage.f64(a);
            double[] xv = CpuStorage.f64(x);
            double[] cv = CpuStorage.f64(c);
            boolean alias = cv == av || cv == xv;
            double[] out = alias ? cv.clone() : cv;
            op.reference(av, 0, xv, 0, out, 0, alpha, beta);
            if (alias) System.arraycopy(out, 0, cv, 0, m * n);
        }
    }

    static Tensor batchedMatmul(CpuBackend b, Tensor a, Tensor x, boolean transA, boolean transB) {
        int[] bmnk = ShapeRules.batchedMatmul(a, x, transA, transB);
        int batch = bmnk[0];
        int m = bmnk[1];
        int n = bmnk[2];
        int ka = bmnk[3];
        Tensor c = b.empty(Shape.of(batch, m, n), a.dtype());
        Matmul op = new Matmul(transA, transB, m, n, ka);
        int aStride = m * ka;
        int xStride = ka * n;
        int cStride = m * n;
        if (a.dtype() == DType.F32) {
            float[] av = CpuStorage.f32(a);
            float[] xv = CpuStorage.f32(x);
            float[] cv = CpuStorage.f32(c);
            if (b.fast(a)) {
                Parallel pool = b.pool();
                // Sgemm gives the same bits however it is split, so small products run one per task
                // (nested pool calls run inline) and large ones each use the whole pool.
                if (batch > 1 && 2L * m * n * ka < SMALL_GEMM_FLOPS) {
                    pool.forEach(batch, i -> Sgemm.sgemm(pool, transA, transB, m, n, ka, 1f, av, i * aStride,
                            op.lda(), xv, i * xStride, op.ldb(), 0f, cv, i * cStride, n));
                } else {
                    for (int i = 0; i < batch; i++) {
                        Sgemm.sgemm(pool, transA, transB, m, n, ka, 1f, av, i * aStride, op.lda(), xv, i * xStride,
                                op.ldb(), 0f, cv, i * cStride, n);
                    }
                }
            } else {
                for (int i = 0; i < batch; i++) {
                    op.reference(av, i * aStride, xv, i * xStride, cv, i * cStride, 1.0, 0.0);
                }
            }
        } else {
            double[] av = CpuStorage.f64(a);
            double[] xv = CpuStorage.f64(x);
            double[] cv = CpuStorage.f64(c);
            for (int i = 0; i < batch; i++) {
                op.reference(av, i * aStride, xv, i * xStride, cv, i * cStride, 1.0, 0.0);
            }
        }
        return c;
    }

    /** One dense row-major product {@code C (m×n) <- alpha·op(A)·op(B) + beta·C} with contiguous operands. */
    private record Matmul(boolean transA, boolean transB, int m, int n, int k) {
        int lda() {
            return Math.max(1, transA ? m : k);
        }

        int ldb() {
            return Math.max(1, transB ? k : n);
        }

        /** Reference in double on widened copies of the operands; beta 0 ignores C's contents. */
        void reference(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, double alpha, double beta) {
            double[] ad = widen(a, aOff, (transA ? k : m) * lda());
            double[] bd = widen(b, bOff, (transB ? n : k) * ldb());
            double[] cd = widen(c, cOff, m * n);
            reference(ad, 0, bd, 0, cd, 0, alpha, beta);
            for (int i = 0; i < cd.length; i++) c[cOff + i] = (float) cd[i];
        }

        private static double[] widen(float[] x, int off, int len) {
            double[] d = new double[Math.max(0, Math.min(len, x.length - off))];
            for (int i = 0; i < d.length; i++) d[i] = x[off + i];
            return d;
        }

        /** Reference in double; beta 0 ignores C's contents. */
        void reference(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, double alpha, double beta) {
            int lda = lda();
            int ldb = ldb();
            double[] row = new double[n];
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(row, 0.0);
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (transB) {
                        for (int j = 0; j < n; j++) row[j] += av * b[bOff + j * ldb + p];
                    } else {
                        int bo = bOff + p * ldb;
                        for (int j = 0; j < n; j++) row[j] += av * b[bo + j];
                    }
                }
                int co = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[co + j] = beta == 0.0 ? alpha * row[j] : alpha * row[j] + beta * c[co + j];
                }
            }
        }
    }
}
