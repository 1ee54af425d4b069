package dev.ltx.engine.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ltx.engine.cpu.Parallel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SgemmTest {
    private static Parallel one;
    private static Parallel two;
    private static Parallel three;

    @BeforeAll
    static void pools() {
        one = new Parallel(1);
        two = new Parallel(2);
        three = new Parallel(3);
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
        three.close();
    }

    /** A random problem with padded leading dimensions and offsets; C's padding holds sentinels. */
    private static final class Problem {
        final boolean transA, transB;
        final int m, n, k;
        final float alpha, beta;
        final float[] a, b, c;
        final int aOff, lda, bOff, ldb, cOff, ldc;

        Problem(Random r, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, boolean padded) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            lda = Math.max(1, aCols + (padded ? r.nextInt(5) : 0));
            ldb = Math.max(1, bCols + (padded ? r.nextInt(5) : 0));
            ldc = Math.max(1, n + (padded ? r.nextInt(5) : 0));
            aOff = padded ? r.nextInt(7) : 0;
            bOff = padded ? r.nextInt(7) : 0;
            cOff = padded ? r.nextInt(7) : 0;
            a = random(r, aOff + aRows * lda + 3);
            b = random(r, bOff + bRows * ldb + 3);
            c = random(r, cOff + m * ldc + 3);
        }

        float opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float opB(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] run(Parallel pool) {
            float[] out = c.clone();
            Sgemm.sgemm(pool, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        float[] runSweep(Sgemm.Sweep sweep, Parallel pool) {
            float[] out = c.clone();
            Sgemm.sgemm(Sgemm.FAMILY, -1, sweep, pool, transA, transB, m, n, k, alpha, a, aOff, lda, b,
                    bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        float[] run(int family, int swap, Parallel pool) {
            float[] out = c.clone();
            Sgemm.sgemm(family, swap, Sgemm.Sweep.CHOSEN, pool, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out,
                    cOff, ldc);
            return out;
        }

        /** Checks {@code got} against a double-precision triple loop, and that C's padding is untouched. */
        void check(float[] got, String what) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    double mag = 0;
                    for (int p = 0; p < k; p++) {
                        double prod = (double) opA(i, p) * opB(p, j);
                        acc += prod;
                        mag += Math.abs(prod);
                    }
                    double old = c[cOff + i * ldc + j];
                    double ref = beta == 0f ? alpha * acc : alpha * acc + beta * old;
                    double oldMag = beta == 0f ? 0 : Math.abs(beta * old);
                    double bound = 1e-6 + 2.0 * 0x1p-24 * (k + 3) * (Math.abs(alpha) * mag + oldMag);
                    double g = got[cOff + i * ldc + j];
                    if (!(Math.abs(g - ref) <= bound)) {
                        fail(what + ": C[" + i + "," + j + "] = " + g + ", expected " + ref + " ± " + bound);
                    }
                }
            }
            checkPadding(got, what);
        }

        void checkPadding(float[] got, String what) {
            for (int idx = 0; idx < c.length; idx++) {
                int rel = idx - cOff;
                boolean inside = rel >= 0 && rel < m * ldc && rel % ldc < n;
                if (!inside && Float.floatToRawIntBits(got[idx]) != Float.floatToRawIntBits(c[idx])) {
                    fail(what + ": wrote outside C at index " + idx);
                }
            }
        }

        /**
         * Bit-exact emulation of the documented summation order: per k block (of equal size, at
         * most KC), fma-accumulate from +0 in increasing p, then alpha·acc + beta·C (first block)
         * or alpha·acc + C (later blocks).
         */
        float[] emulate() {
            float[] out = c.clone();
            if (m == 0 || n == 0) return out;
            if (k == 0 || alpha == 0f) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        int ci = cOff + i * ldc + j;
                        out[ci] = beta == 0f ? 0f : beta == 1f ? out[ci] : beta * out[ci];
                    }
                }
                return out;
            }
            int kc = Sgemm.blockSize(k, Sgemm.KC);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int ci = cOff + i * ldc + j;
                    for (int p0 = 0; p0 < k; p0 += kc) {
                        float acc = 0f;
                        for (int p = p0; p < Math.min(k, p0 + kc); p++) acc = Math.fma(opA(i, p), opB(p, j), acc);
                        float be = p0 == 0 ? beta : 1f;
                        out[ci] = be == 0f ? alpha * acc : alpha * acc + be * out[ci];
                    }
                }
            }
            return out;
        }
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian());
        return x;
    }

    private static final boolean[][] TRANSPOSES = {{false, false}, {false, true}, {true, false}, {true, true}};

    private static String label(Problem p) {
        return (p.transA ? "T" : "N") + (p.transB ? "T" : "N") + " m=" + p.m + " n=" + p.n + " k=" + p.k
                + " alpha=" + p.alpha + " beta=" + p.beta;
    }

    @Test
    void randomSmallSizesMatchDoubleReferenceForAllTransposes() {
        Random r = new Random(42);
        for (int trial = 0; trial < 60; trial++) {
            int m = 1 + r.nextInt(130), n = 1 + r.nextInt(130), k = 1 + r.nextInt(130);
            if (trial % 3 == 0) {
                m |= 1;
                n |= 1;
                k |= 1;
            }
            float alpha = trial % 4 == 0 ? 1f : (float) (r.nextGaussian() * 2);
            float beta = switch (trial % 3) {
                case 0 -> 0f;
                case 1 -> 1f;
                default -> (float) r.nextGaussian();
            };
            for (boolean[] t : TRANSPOSES) {
                Problem p = new Problem(r, t[0], t[1], m, n, k, alpha, beta, true);
                p.check(p.run(one), label(p));
            }
        }
    }

    @Test
    void degenerateSizes() {
        Random r = new Random(7);
        int[] sizes = {0, 1, 2, 5, 6, 7, 15, 16, 17, 63, 64, 65};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : new int[] {0, 1, 3, 17}) {
                    for (boolean[] t : TRANSPOSES) {
                        Problem p = new Problem(r, t[0], t[1], m, n, k, 1.5f, 0.5f, true);
                        float[] got = p.run(two);
                        p.check(got, label(p));
                        assertArrayEquals(p.emulate(), got, label(p));
                    }
                }
            }
        }
    }

    @Test
    void largerSizesMatchDoubleReference() {
        Random r = new Random(3);
        // Each shape with the sweep this core's L2 picks, then with each sweep forced (identical bits).
        int[][] shapes = {{257, 129, 300}, {130, 333, 65}, {64, 1000, 31}, {1000, 10, 70}, {3, 700, 1100},
                          {600, 300, 1024}};
        for (int[] s : shapes) {
            for (boolean[] t : TRANSPOSES) {
                Problem p = new Problem(r, t[0], t[1], s[0], s[1], s[2], 0.75f, -0.5f, true);
                float[] chosen = p.run(two);
                p.check(chosen, label(p));
                assertArrayEquals(chosen, p.runSweep(Sgemm.Sweep.SLABS, two), "slabs outermost " + label(p));
                assertArrayEquals(chosen, p.runSweep(Sgemm.Sweep.PANELS, two), "panels outermost " + label(p));
            }
        }
    }

    @Test
    void matchesTheDocumentedSummationOrderBitForBit() {
        Random r = new Random(11);
        // k = 2500 spans three k blocks of 834 (with the default KC of 1024).
        int[][] shapes = {{13, 70, 2500}, {37, 129, 77}, {6, 64, 1}, {100, 5, 300}, {5, 100, 300}};
        for (int[] s : shapes) {
            for (boolean[] t : TRANSPOSES) {
                for (float beta : new float[] {0f, 1f, -0.25f}) {
                    Problem p = new Problem(r, t[0], t[1], s[0], s[1], s[2], -1.25f, beta, true);
                    assertArrayEquals(p.emulate(), p.run(two), label(p));
                }
            }
        }
    }

    @Test
    void threadsKernelsAndOrientationGiveIdenticalBits() {
        Random r = new Random(5);
        int[][] shapes = {{300, 257, 129}, {128, 784, 200}, {200, 10, 333}, {1, 200, 2100}, {70, 70, 70},
                          {600, 300, 1024}};
        for (int[] s : shapes) {
            for (boolean[] t : TRANSPOSES) {
                Problem p = new Problem(r, t[0], t[1], s[0], s[1], s[2], 0.5f, 0.25f, true);
                float[] ref = p.run(one);
                assertArrayEquals(ref, p.run(two), "2 threads " + label(p));
                assertArrayEquals(ref, p.run(three), "3 threads " + label(p));
                for (int family = 0; family < SgemmKernels.MR.length; family++) {
                    for (int swap = 0; swap < 2; swap++) {
                        assertArrayEquals(ref, p.run(family, swap, two),
                                "family " + family + " swap " + swap + " " + label(p));
                    }
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        Random r = new Random(9);
        for (boolean[] t : TRANSPOSES) {
            Problem p = new Problem(r, t[0], t[1], 40, 70, 30, 1f, 0f, false);
            Arrays.fill(p.c, Float.NaN);
            float[] got = p.run(two);
            for (int i = 0; i < p.m * p.n; i++) assertTrue(Float.isFinite(got[i]), "NaN leaked from C with beta 0");
            p.check(got, label(p));
        }
        // k = 0 and alpha = 0 with beta = 0 clear C, NaNs included.
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Sgemm.sgemm(one, false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[4], c);
        Arrays.fill(c, Float.NaN);
        Sgemm.sgemm(one, false, false, 2, 2, 1, 0f, new float[2], 0, 1, new float[2], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[4], c);
    }

    @Test
    void alphaZeroOrKZeroScalesC() {
        float[] c = {1, 2, 3, 4};
        float[] a = {Float.NaN, Float.NaN};
        Sgemm.sgemm(one, false, false, 2, 2, 1, 0f, a, 0, 1, new float[2], 0, 2, 2f, c, 0, 2);
        assertArrayEquals(new float[] {2, 4, 6, 8}, c);
        Sgemm.sgemm(one, true, true, 2, 2, 0, 3f, new float[0], 0, 2, new float[0], 0, 1, 0.5f, c, 0, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
    }

    @Test
    void emptyOutputsTouchNothing() {
        float[] c = {5, 6, 7};
        Sgemm.sgemm(one, false, false, 0, 3, 4, 1f, new float[0], 0, 4, new float[12], 0, 3, 0f, c, 0, 3);
        Sgemm.sgemm(one, false, false, 3, 0, 4, 1f, new float[12], 0, 4, new float[0], 0, 1, 0f, c, 0, 1);
        assertArrayEquals(new float[] {5, 6, 7}, c);
    }

    @Test
    void smallExactExample() {
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] c = new float[4];
        Sgemm.sgemm(two, false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
        // Aᵀ stored 3×2 and Bᵀ stored 2×3 give the same product.
        float[] at = {1, 4, 2, 5, 3, 6};
        float[] bt = {7, 9, 11, 8, 10, 12};
        Arrays.fill(c, Float.NaN);
        Sgemm.sgemm(two, true, true, 2, 2, 3, 1f, at, 0, 2, bt, 0, 3, 0f, c, 0, 2);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
        // alpha and beta: 2·AB − C
        float[] c2 = {1, 1, 1, 1};
        Sgemm.sgemm(one, false, false, 2, 2, 3, 2f, a, 0, 3, b, 0, 2, -1f, c2, 0, 2);
        assertArrayEquals(new float[] {115, 127, 277, 307}, c2);
    }

    @Test
    void rejectsBadArguments() {
        float[] x = new float[12];
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(one, false, false, -1, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        // lda smaller than the row length of A (k = 3).
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(one, false, false, 2, 2, 3, 1f, x, 0, 2, x, 0, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().contains("leading dimension of A"), e.getMessage());
        // B (3×2) does not fit at offset 8 of a 12-element array.
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(one, false, false, 2, 2, 3, 1f, x, 0, 3, x, 8, 2, 0f, new float[4], 0, 2));
        assertTrue(e.getMessage().contains("B"), e.getMessage());
        // C too short.
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.sgemm(one, false, false, 2, 2, 3, 1f, x, 0, 3, x, 0, 2, 0f, new float[3], 0, 2));
        assertThrows(NullPointerException.class,
                () -> Sgemm.sgemm(one, false, false, 2, 2, 3, 1f, null, 0, 3, x, 0, 2, 0f, new float[4], 0, 2));
    }

    @Test
    void costModelPrefersTransposingTheSmallerOperand() {
        // X (128×784) · Wᵀ with W 4096×784: computing Cᵀ transposes X instead of W.
        int f = Sgemm.FAMILY;
        assertTrue(Sgemm.cost(f, 4096, 128, 784, false, true, true) < Sgemm.cost(f, 128, 4096, 784, false, true, false));
        // Plain square products stay as they are.
        assertTrue(Sgemm.cost(f, 512, 512, 512, false, false, false) < Sgemm.cost(f, 512, 512, 512, true, true, true));
        assertEquals(834, Sgemm.blockSize(2500, 1024));
    }
}
