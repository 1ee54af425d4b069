package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CpuSoftmaxOpsTest {
    private static final CpuBackend REF = CpuBackend.reference();
    private static final CpuBackend FAST = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private static final CpuBackend FAST1 = new CpuBackend(CpuBackend.Mode.FAST, 1);
    private static final CpuBackend[] ALL = {REF, FAST};

    @AfterAll
    static void close() {
        FAST.close();
        FAST1.close();
    }

    private static float[] gaussian(Rng r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (scale * r.nextGaussian());
        return a;
    }

    @Test
    void referenceMatchesHandValues() {
        double e = Math.E;
        Tensor x = REF.fromDoubles(new double[] {0, 1, 0, 0}, Shape.of(2, 2));
        assertArrayEquals(new double[] {1 / (1 + e), e / (1 + e), 0.5, 0.5}, REF.softmax(x, 1).toDoubles(), 1e-15);
        assertArrayEquals(new double[] {0.5, 1 / (1 + 1 / e), 0.5, 1 / (1 + e)}, REF.softmax(x, 0).toDoubles(), 1e-15);
        assertArrayEquals(new double[] {-Math.log(1 + e), 1 - Math.log(1 + e), -Math.log(2), -Math.log(2)},
                REF.logSoftmax(x, -1).toDoubles(), 1e-15);
        Tensor labels = REF.fromInts(new int[] {1, 0}, Shape.of(2));
        assertArrayEquals(new double[] {Math.log(1 + e) - 1, Math.log(2)},
                REF.crossEntropy(x, labels).toDoubles(), 1e-15);
        Tensor grad = REF.crossEntropyBackward(x, labels, REF.fromDoubles(new double[] {1, 2}, Shape.of(2)));
        assertArrayEquals(new double[] {1 / (1 + e), e / (1 + e) - 1, 2 * (0.5 - 1), 2 * 0.5}, grad.toDoubles(), 1e-15);
    }

    @Test
    void rowsSumToOneAndExtremeLogitsDoNotOverflow() {
        float[] data = {1000, -1000, 0, 999, -1000, -1000, 88, 89, 90, 1e30f, -1e30f, 0};
        for (CpuBackend b : ALL) {
            Tensor p = b.softmax(b.fromFloats(data, Shape.of(4, 3)), 1);
            float[] v = p.toFloats();
            for (int r = 0; r < 4; r++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    assertTrue(Float.isFinite(v[r * 3 + k]) && v[r * 3 + k] >= 0, b.name() + " " + v[r * 3 + k]);
                    sum += v[r * 3 + k];
                }
                assertEquals(1.0, sum, 1e-6, b.name() + " row " + r);
            }
            float[] logp = b.logSoftmax(b.fromFloats(data, Shape.of(4, 3)), 1).toFloats();
            assertEquals(0f, logp[0], 1e-6f, b.name());
            assertEquals(-2000f, logp[1], 1e-3f, b.name());
            for (float l : logp) assertTrue(!Float.isNaN(l) && l <= 0, b.name() + " " + l);
            Tensor ce = b.crossEntropy(b.fromFloats(data, Shape.of(4, 3)), b.fromLongs(new long[] {1, 0, 2, 0}, Shape.of(4)));
            float[] c = ce.toFloats();
            assertEquals(2000f, c[0], 1e-3f, b.name());
            assertEquals(Math.log1p(Math.exp(-1) + Math.exp(-2)), c[2], 1e-6, b.name());
            assertEquals(0f, c[3], 1e-6f, b.name());
        }
    }

    @Test
    void extremeLogitsInWideRowsStayFinite() {
        int c = 37;
        float[] data = new float[2 * c];
        for (int k = 0; k < c; k++) {
            data[k] = k % 2 == 0 ? 1000f : -1000f;
            data[c + k] = -1000f + k;
        }
        data[c + 30] = 1000f;
        for (CpuBackend b : ALL) {
            float[] p = b.softmax(b.fromFloats(data, Shape.of(2, c)), 1).toFloats();
            double sum0 = 0;
            for (int k = 0; k < c; k++) {
                assertEquals(k % 2 == 0 ? 1.0 / 19 : 0.0, p[k], 1e-6, b.name() + " " + k);
                sum0 += p[k];
            }
            assertEquals(1.0, sum0, 1e-6, b.name());
            assertEquals(1f, p[c + 30], 1e-6f, b.name());
            float[] logp = b.logSoftmax(b.fromFloats(data, Shape.of(2, c)), 1).toFloats();
            assertEquals(-Math.log(19), logp[0], 1e-5, b.name());
            assertEquals(-2000 - Math.log(19), logp[1], 1e-2, b.name());
            float[] ce = b.crossEntropy(b.fromFloats(data, Shape.of(2, c)),
                    b.fromInts(new int[] {1, 30}, Shape.of(2))).toFloats();
            assertEquals(2000 + Math.log(19), ce[0], 1e-2, b.name());
            assertEquals(0.0, ce[1], 1e-6, b.name());
        }
    }

    @Test
    void crossEntropyEqualsMinusLogSoftmaxAtTheLabel() {
        Rng r = new Rng(31);
        int n = 37;
        int c = 19;
        float[] data = gaussian(r, n * c, 3);
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) lab[i] = r.nextInt(c);
        for (CpuBackend b : ALL) {
            float[] logp = b.logSoftmax(b.fromFloats(data, Shape.of(n, c)), 1).toFloats();
            float[] ce = b.crossEntropy(b.fromFloats(data, Shape.of(n, c)), b.fromInts(lab, Shape.of(n))).toFloats();
            for (int i = 0; i < n; i++) assertEquals(-logp[i * c + lab[i]], ce[i], 1e-5, b.name() + " sample " + i);
        }
    }

    @Test
    void crossEntropyBackwardMatchesFiniteDifferences() {
        Rng r = new Rng(32);
        int n = 3;
        int c = 5;
        double[] x = new double[n * c];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        long[] lab = {4, 0, 2};
        double[] g = {0.5, -1.0, 2.0};
        Tensor labels = REF.fromLongs(lab, Shape.of(n));
        double[] grad = REF.crossEntropyBackward(REF.fromDoubles(x, Shape.of(n, c)), labels,
                REF.fromDoubles(g, Shape.of(n))).toDoubles();
        double h = 1e-6;
        for (int j = 0; j < x.length; j++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += h;
            xm[j] -= h;
            double[] lp = REF.crossEntropy(REF.fromDoubles(xp, Shape.of(n, c)), labels).toDoubles();
            double[] lm = REF.crossEntropy(REF.fromDoubles(xm, Shape.of(n, c)), labels).toDoubles();
            double fd = 0;
            for (int i = 0; i < n; i++) fd += g[i] * (lp[i] - lm[i]) / (2 * h);
            assertEquals(fd, grad[j], 1e-7, "element " + j);
        }
    }

    @Test
    void fastMatchesReferenceOnRandomShapes() {
        Rng r = new Rng(33);
        Shape[] shapes = {Shape.of(1, 1), Shape.of(5, 7), Shape.of(4, 16), Shape.of(3, 33), Shape.of(2, 1000),
            Shape.of(2, 3, 17), Shape.of(257, 10), Shape.of(9)};
        for (Shape s : shapes) {
            float[] data = gaussian(r, s.numel(), 5);
            for (int axis = -1; axis < s.rank(); axis++) {
                Compare.Result sm = Compare.tensors(REF.softmax(REF.fromFloats(data, s), axis),
                        FAST.softmax(FAST.fromFloats(data, s), axis), 1e-6, 1e-5);
                assertTrue(sm.ok(), "softmax " + s + " axis " + axis + ": " + sm);
                Compare.Result ls = Compare.tensors(REF.logSoftmax(REF.fromFloats(data, s), axis),
                        FAST.logSoftmax(FAST.fromFloats(data, s), axis), 1e-5, 1e-5);
                assertTrue(ls.ok(), "logSoftmax " + s + " axis " + axis + ": " + ls);
            }
            if (s.rank() != 2) continue;
            int[] lab = new int[s.dim(0)];
            float[] g = gaussian(r, s.dim(0), 1);
            for (int i = 0; i < lab.length; i++) lab[i] = r.nextInt(s.dim(1));
            Compare.Result ce = Compare.tensors(
                    REF.crossEntropy(REF.fromFloats(data, s), REF.fromInts(lab, Shape.of(lab.length))),
                    FAST.crossEntropy(FAST.fromFloats(data, s), FAST.fromInts(lab, Shape.of(lab.length))), 1e-5, 1e-5);
            assertTrue(ce.ok(), "crossEntropy " + s + ": " + ce);
            Compare.Result cb = Compare.tensors(
                    REF.crossEntropyBackward(REF.fromFloats(data, s), REF.fromInts(lab, Shape.of(lab.length)),
                            REF.fromFloats(g, Shape.of(lab.length))),
                    FAST.crossEntropyBackward(FAST.fromFloats(data, s), FAST.fromInts(lab, Shape.of(lab.length)),
                            FAST.fromFloats(g, Shape.of(lab.length))), 1e-6, 1e-5);
            assertTrue(cb.ok(), "crossEntropyBackward " + s + ": " + cb);
        }
    }

    @Test
    void fastIsIdenticalForOneAndTwoThreads() {
        Rng r = new Rng(34);
        Shape s = Shape.of(4096, 37);
        float[] data = gaussian(r, s.numel(), 2);
        assertArrayEquals(FAST1.softmax(FAST1.fromFloats(data, s), 1).toFloats(),
                FAST.softmax(FAST.fromFloats(data, s), 1).toFloats());
        int[] lab = new int[4096];
        for (int i = 0; i < lab.length; i++) lab[i] = r.nextInt(37);
        assertArrayEquals(FAST1.crossEntropy(FAST1.fromFloats(data, s), FAST1.fromInts(lab, Shape.of(4096))).toFloats(),
                FAST.crossEntropy(FAST.fromFloats(data, s), FAST.fromInts(lab, Shape.of(4096))).toFloats());
    }

    @Test
    void badLabelsAndShapesThrowWithDetails() {
        for (CpuBackend b : ALL) {
            Tensor logits = b.zeros(Shape.of(3, 4), DType.F32);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.crossEntropy(logits, b.fromInts(new int[] {0, 4, 1}, Shape.of(3))));
            assertTrue(e.getMessage().contains("label 4") && e.getMessage().contains("index 1"), e.getMessage());
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                    () -> b.crossEntropyBackward(logits, b.fromLongs(new long[] {0, 1, -1}, Shape.of(3)),
                            b.zeros(Shape.of(3), DType.F32)));
            assertTrue(neg.getMessage().contains("label -1") && neg.getMessage().contains("index 2"), neg.getMessage());
            IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                    () -> b.crossEntropy(logits, b.fromInts(new int[] {0, 1}, Shape.of(2))));
            assertTrue(s.getMessage().contains("(2,)") && s.getMessage().contains("(3, 4)"), s.getMessage());
            IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                    () -> b.crossEntropyBackward(logits, b.fromInts(new int[] {0, 1, 2}, Shape.of(3)),
                            b.zeros(Shape.of(4), DType.F32)));
            assertTrue(g.getMessage().contains("(4,)") && g.getMessage().contains("(3, 4)"), g.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> b.crossEntropy(logits, b.zeros(Shape.of(3), DType.F32)));
        }
    }

    @Test
    void softmaxAlongAnAxisSumsToOneThere() {
        Rng r = new Rng(35);
        Shape s = Shape.of(3, 5, 4);
        float[] data = gaussian(r, s.numel(), 4);
        for (CpuBackend b : ALL) {
            Tensor p = b.softmax(b.fromFloats(data, s), 1);
            float[] sums = b.reduce(ReduceOp.SUM, p, new int[] {1}, false).toFloats();
            for (float v : sums) assertEquals(1f, v, 1e-6f, b.name());
        }
    }
}
