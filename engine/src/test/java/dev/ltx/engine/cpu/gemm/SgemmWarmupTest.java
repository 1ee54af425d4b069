package dev.ltx.engine.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ltx.engine.cpu.Parallel;
import org.junit.jupiter.api.Test;

/** The warm-up leaves real products untouched: same bytes before and after it ran. */
class SgemmWarmupTest {
    @Test
    void warmUpDoesNotChangeResults() {
        int m = 13;
        int n = 70;
        int k = 41;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.sin(i);
        for (int i = 0; i < b.length; i++) b[i] = (float) Math.cos(i);
        float[] before = new float[m * n];
        float[] after = new float[m * n];
        try (Parallel one = new Parallel(1)) {
            Sgemm.sgemm(one, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, before, 0, n);
            SgemmWarmup.run();
            Sgemm.sgemm(one, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, after, 0, n);
        }
        assertArrayEquals(before, after);
    }
}
