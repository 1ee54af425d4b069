package dev.ltx.engine.cpu.gemm;

import dev.ltx.engine.cpu.Parallel;

/**
 * Single-precision general matrix multiply on row-major float arrays:
 * {@code C[m×n] <- alpha · op(A) · op(B) + beta · C}, where op(A) is m×k and op(B) is k×n.
 * With {@code transA}, A is stored k×m (leading dimension lda); with {@code transB}, B is stored n×k.
 * When beta is 0, C's previous contents are ignored (NaNs included).
 */
public final class Sgemm {
    private Sgemm() {
    }

    /** Computes the product on the given pool. Deterministic for any thread count. */
    public static void sgemm(Parallel pool, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        // Placeholder-free simple kernel: correct for all inputs; the packed Vector API kernel replaces it.
        pool.forRange(m, 16, (i0, i1) -> {
            float[] row = new float[n];
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(row, 0f);
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (transB) {
                        for (int j = 0; j < n; j++) row[j] += av * b[bOff + j * ldb + p];
                    } else {
                        int bo = bOff + p * ldb;
                        for (int j = 0; j < n; j++) row[j] += av * b[bo + j];
                    }
                }
                int co = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[co + j] = beta == 0f ? alpha * row[j] : alpha * row[j] + beta * c[co + j];
                }
            }
        });
    }
}
