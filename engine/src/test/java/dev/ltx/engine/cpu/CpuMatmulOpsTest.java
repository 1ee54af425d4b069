package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CpuMatmulOpsTest {
    private static CpuBackend ref;
    private static CpuBackend fast1;
    private static CpuBackend fast2;

    @BeforeAll
    static void backends() {
        ref = CpuBackend.reference();
        fast1 = new CpuBackend(CpuBackend.Mode.FAST, 1);
        fast2 = new CpuBackend(CpuBackend.Mode.FAST, 2);
    }

    @AfterAll
    static void close() {
        ref.close();
        fast1.close();
        fast2.close();
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    private static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        Compare.Result res = Compare.arrays(toDouble(expected), toDouble(actual), atol, rtol);
        assertTrue(res.ok(), what + ": " + res);
    }

    @Test
    void fastGemmMatchesReferenceForAllTransposes() {
        Random r = new Random(1);
        int m = 37, n = 70, k = 129;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] av = random(r, m * k), bv = random(r, k * n), cv = random(r, m * n);
                Shape as = ta ? Shape.of(k, m) : Shape.of(m, k);
                Shape bs = tb ? Shape.of(n, k) : Shape.of(k, n);
                Tensor cr = ref.fromFloats(cv, Shape.of(m, n));
                ref.gemm(cr, ref.fromFloats(av, as), ref.fromFloats(bv, bs), ta, tb, 0.5, -2.0);
                Tensor cf = fast2.fromFloats(cv, Shape.of(m, n));
                fast2.gemm(cf, fast2.fromFloats(av, as), fast2.fromFloats(bv, bs), ta, tb, 0.5, -2.0);
                assertClose(cr.toFloats(), cf.toFloats(), 1e-4, 1e-4, "ta=" + ta + " tb=" + tb);
                Tensor c1 = fast1.fromFloats(cv, Shape.of(m, n));
                fast1.gemm(c1, fast1.fromFloats(av, as), fast1.fromFloats(bv, bs), ta, tb, 0.5, -2.0);
                assertArrayEquals(c1.toFloats(), cf.toFloats(), "1 vs 2 threads must be bit-identical");
            }
        }
    }

    @Test
    void matmulSmallExactExample() {
        for (CpuBackend b : new CpuBackend[] {ref, fast1, fast2}) {
            Tensor a = b.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
            Tensor x = b.fromFloats(new float[] {7, 8, 9, 10, 11, 12}, Shape.of(3, 2));
            Tensor c = b.matmul(a, x, false, false);
            assertEquals(Shape.of(2, 2), c.shape());
            assertArrayEquals(new float[] {58, 64, 139, 154}, c.toFloats(), b.name());
            // aᵀ·aᵀ... (3×2)·(2×3) = 3×3
            Tensor t = b.matmul(a, x, true, true);
            assertArrayEquals(new float[] {39, 49, 59, 54, 68, 82, 69, 87, 105}, t.toFloats(), b.name());
        }
    }

    @Test
    void f64TakesTheReferencePathInEveryMode() {
        Random r = new Random(2);
        int m = 9, n = 11, k = 13;
        double[] av = new double[m * k], bv = new double[k * n];
        for (int i = 0; i < av.length; i++) av[i] = r.nextGaussian();
        for (int i = 0; i < bv.length; i++) bv[i] = r.nextGaussian();
        Tensor cr = ref.matmul(ref.fromDoubles(av, Shape.of(m, k)), ref.fromDoubles(bv, Shape.of(k, n)), false, false);
        Tensor cf = fast2.matmul(fast2.fromDoubles(av, Shape.of(m, k)), fast2.fromDoubles(bv, Shape.of(k, n)), false, false);
        assertEquals(DType.F64, cf.dtype());
        assertArrayEquals(cr.toDoubles(), cf.toDoubles());
        double acc = 0;
        for (int p = 0; p < k; p++) acc += av[p] * bv[p * n];
        assertEquals(acc, cr.toDoubles()[0], 1e-12);
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        for (CpuBackend b : new CpuBackend[] {ref, fast2}) {
            Tensor c = b.full(Shape.of(2, 2), DType.F32, Double.NaN);
            Tensor a = b.fromFloats(new float[] {1, 0, 0, 1}, Shape.of(2, 2));
            Tensor x = b.fromFloats(new float[] {1, 2, 3, 4}, Shape.of(2, 2));
            b.gemm(c, a, x, false, false, 1.0, 0.0);
            assertArrayEquals(new float[] {1, 2, 3, 4}, c.toFloats(), b.name());
        }
    }

    @Test
    void productsIgnoreTheRecycledContentsOfTheirStorage() {
        for (CpuBackend b : new CpuBackend[] {ref, fast2}) {
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                for (int k : new int[] {0, 3}) { // k = 0: the product is all zeros
                    double[] av = new double[5 * k];
                    double[] xv = new double[k * 7];
                    for (int i = 0; i < av.length; i++) av[i] = i % 4 - 1.5;
                    for (int i = 0; i < xv.length; i++) xv[i] = i % 3 + 0.25;
                    double[] expected;
                    try (var s = b.openScope()) {
                        expected = b.matmul(b.cast(b.fromDoubles(av, Shape.of(5, k)), dtype),
                                b.cast(b.fromDoubles(xv, Shape.of(k, 7)), dtype), false, false).toDoubles();
                    }
                    try (var s = b.openScope()) { // leaves NaN-filled arrays of the product's size in the pool
                        for (int q = 0; q < 4; q++) b.full(Shape.of(5, 7), dtype, Double.NaN);
                    }
                    long reusedBefore = b.arrays().reused();
                    try (var s = b.openScope()) {
                        Tensor c = b.matmul(b.cast(b.fromDoubles(av, Shape.of(5, k)), dtype),
                                b.cast(b.fromDoubles(xv, Shape.of(k, 7)), dtype), false, false);
                        assertTrue(b.arrays().reused() > reusedBefore, "the product took a recycled array");
                        assertArrayEquals(expected, c.toDoubles(), b.name() + " " + dtype + " k " + k);
                    }
                }
            }
        }
    }

    @Test
    void outputMayAliasAnInput() {
        for (CpuBackend b : new CpuBackend[] {ref, fast2}) {
            Tensor a = b.fromFloats(new float[] {1, 2, 3, 4}, Shape.of(2, 2));
            Tensor x = b.fromFloats(new float[] {5, 6, 7, 8}, Shape.of(2, 2));
            b.gemm(a, a, x, false, false, 1.0, 1.0); // a <- a·x + a
            assertArrayEquals(new float[] {20, 24, 46, 54}, a.toFloats(), b.name());
        }
    }

    @Test
    void shapeErrorsNameBothShapes() {
        for (CpuBackend b : new CpuBackend[] {ref, fast2}) {
            Tensor a = b.zeros(Shape.of(2, 3), DType.F32);
            Tensor x = b.zeros(Shape.of(4, 5), DType.F32);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.matmul(a, x, false, false));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 5)"), e.getMessage());
            // Wrong output shape.
            Tensor y = b.zeros(Shape.of(3, 5), DType.F32);
            Tensor c = b.zeros(Shape.of(2, 4), DType.F32);
            e = assertThrows(IllegalArgumentException.class, () -> b.gemm(c, a, y, false, false, 1, 0));
            assertTrue(e.getMessage().contains("(2, 4)") && e.getMessage().contains("(2, 5)"), e.getMessage());
            // Transpose flags change which dimensions must agree: aᵀ is 3×2, so b must have 2 rows.
            e = assertThrows(IllegalArgumentException.class, () -> b.matmul(a, y, true, false));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3, 5)"), e.getMessage());
            // Rank and dtype.
            Tensor v = b.zeros(Shape.of(3), DType.F32);
            assertThrows(IllegalArgumentException.class, () -> b.matmul(a, v, false, false));
            Tensor d = b.zeros(Shape.of(3, 5), DType.F64);
            e = assertThrows(IllegalArgumentException.class, () -> b.matmul(a, d, false, false));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3, 5)"), e.getMessage());
            Tensor ints = b.fromInts(new int[6], Shape.of(3, 2));
            assertThrows(IllegalArgumentException.class, () -> b.matmul(ints, ints, true, true));
            // Batched: batch and inner sizes.
            Tensor ba = b.zeros(Shape.of(2, 3, 4), DType.F32);
            Tensor bb = b.zeros(Shape.of(3, 4, 5), DType.F32);
            e = assertThrows(IllegalArgumentException.class, () -> b.batchedMatmul(ba, bb, false, false));
            assertTrue(e.getMessage().contains("(2, 3, 4)") && e.getMessage().contains("(3, 4, 5)"), e.getMessage());
            Tensor bc = b.zeros(Shape.of(2, 5, 4), DType.F32);
            e = assertThrows(IllegalArgumentException.class, () -> b.batchedMatmul(ba, bc, false, false));
            assertTrue(e.getMessage().contains("(2, 3, 4)") && e.getMessage().contains("(2, 5, 4)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.batchedMatmul(a, a, false, true));
        }
    }

    @Test
    void batchedMatchesPerBatchMatmul() {
        Random r = new Random(4);
        // Small products (one per task) and a large one (each product parallel inside).
        int[][] shapes = {{5, 7, 9, 11}, {3, 64, 70, 300}};
        for (int[] s : shapes) {
            int batch = s[0], m = s[1], n = s[2], k = s[3];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] av = random(r, batch * m * k), bv = random(r, batch * k * n);
                    Shape as = ta ? Shape.of(batch, k, m) : Shape.of(batch, m, k);
                    Shape bs = tb ? Shape.of(batch, n, k) : Shape.of(batch, k, n);
                    for (CpuBackend b : new CpuBackend[] {ref, fast1, fast2}) {
                        Tensor c = b.batchedMatmul(b.fromFloats(av, as), b.fromFloats(bv, bs), ta, tb);
                        assertEquals(Shape.of(batch, m, n), c.shape());
                        float[] got = c.toFloats();
                        for (int i = 0; i < batch; i++) {
                            float[] ai = java.util.Arrays.copyOfRange(av, i * m * k, (i + 1) * m * k);
                            float[] bi = java.util.Arrays.copyOfRange(bv, i * k * n, (i + 1) * k * n);
                            Tensor one = b.matmul(b.fromFloats(ai, Shape.of(as.dim(1), as.dim(2))),
                                    b.fromFloats(bi, Shape.of(bs.dim(1), bs.dim(2))), ta, tb);
                            float[] gi = java.util.Arrays.copyOfRange(got, i * m * n, (i + 1) * m * n);
                            assertArrayEquals(one.toFloats(), gi, b.name() + " batch " + i);
                        }
                        if (b != ref) {
                            Tensor cr = ref.batchedMatmul(ref.fromFloats(av, as), ref.fromFloats(bv, bs), ta, tb);
                            assertClose(cr.toFloats(), got, 1e-4, 1e-4, b.name());
                        }
                    }
                }
            }
        }
    }

    @Test
    void emptyDimensions() {
        for (CpuBackend b : new CpuBackend[] {ref, fast2}) {
            Tensor a = b.zeros(Shape.of(3, 0), DType.F32);
            Tensor x = b.zeros(Shape.of(0, 4), DType.F32);
            Tensor c = b.matmul(a, x, false, false);
            assertArrayEquals(new float[12], c.toFloats());
            Tensor e = b.batchedMatmul(b.zeros(Shape.of(0, 2, 3), DType.F32), b.zeros(Shape.of(0, 3, 4), DType.F32),
                    false, false);
            assertEquals(Shape.of(0, 2, 4), e.shape());
        }
    }
}
