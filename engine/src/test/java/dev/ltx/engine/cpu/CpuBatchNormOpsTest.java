package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.BatchNormGrads;
import dev.ltx.engine.BatchNormResult;
import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Batch normalization: hand values, normalization invariants, finite differences, fast vs reference. */
class CpuBatchNormOpsTest {
    private static final CpuBackend REF = CpuBackend.reference();
    private static final CpuBackend FAST = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private static final CpuBackend FAST1 = new CpuBackend(CpuBackend.Mode.FAST, 1);
    private static final double EPS = 1e-5;

    @AfterAll
    static void close() {
        REF.close();
        FAST.close();
        FAST1.close();
    }

    /** An input shape, whether the layer is affine, and the offset added to the data (a large mean). */
    record Case(Shape x, boolean affine, double offset) {
        int channels() {
            return x.dim(1);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(Shape.of(3, 5, 7, 9), true, 0),
                new Case(Shape.of(4, 3, 8, 8), false, 0),
                new Case(Shape.of(2, 4, 17, 5), true, 40),     // plane not a multiple of the vector width, big mean
                new Case(Shape.of(1, 1, 5, 5), true, 0),       // N = 1, C = 1
                new Case(Shape.of(5, 3, 1, 1), true, -3),      // 1x1 planes
                new Case(Shape.of(17, 6), true, 10),           // 2-D (N, C)
                new Case(Shape.of(9, 2), false, 0));
    }

    static double[] gaussian(int n, Rng rng, double offset) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = offset + 2 * rng.nextGaussian();
        return d;
    }

    static Tensor f32(double[] d, Shape s) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return FAST.fromFloats(f, s);
    }

    static void assertClose(Tensor ref, Tensor got, double atol, double rtol, String what) {
        Compare.Result r = Compare.tensors(ref, got, atol, rtol);
        assertTrue(r.ok(), () -> what + ": " + r);
    }

    @Test
    void referenceMatchesHandComputedValues() {
        Tensor x = REF.fromDoubles(new double[] {1, 10, 2, 20, 3, 30, 4, 40}, Shape.of(4, 2));
        Tensor gamma = REF.fromDoubles(new double[] {2, 1}, Shape.of(2));
        Tensor beta = REF.fromDoubles(new double[] {1, 0}, Shape.of(2));
        BatchNormResult r = REF.batchNormTrain(x, gamma, beta, 0.0);
        assertArrayEquals(new double[] {2.5, 25}, r.mean().toDoubles(), 1e-15);
        assertArrayEquals(new double[] {1.25, 125}, r.var().toDoubles(), 1e-12);
        double s = 1 / Math.sqrt(1.25);
        assertArrayEquals(new double[] {s, 1 / Math.sqrt(125)}, r.invStd().toDoubles(), 1e-15);
        double[] expected = new double[8];
        double[] z = {-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s};
        for (int i = 0; i < 4; i++) {
            expected[2 * i] = 2 * z[i] + 1;
            expected[2 * i + 1] = z[i];   // channel 1 is channel 0 scaled by 10: same normalized values
        }
        assertArrayEquals(expected, r.output().toDoubles(), 1e-12);
        // a gradient equal to x̂ itself: gγ = Σ x̂² = N, gβ = Σ x̂ = 0, and gx = invStd·γ·(x̂ − 0 − x̂·1) = 0
        Tensor gy = REF.fromDoubles(new double[] {z[0], z[0], z[1], z[1], z[2], z[2], z[3], z[3]}, Shape.of(4, 2));
        BatchNormGrads g = REF.batchNormBackward(gy, x, gamma, r.mean(), r.invStd());
        assertArrayEquals(new double[] {4, 4}, g.gamma().toDoubles(), 1e-12);
        assertArrayEquals(new double[] {0, 0}, g.beta().toDoubles(), 1e-12);
        assertArrayEquals(new double[8], g.input().toDoubles(), 1e-12);
        Tensor ev = REF.batchNormEval(x, gamma, beta, r.mean(), r.var(), 0.0);
        assertArrayEquals(r.output().toDoubles(), ev.toDoubles(), 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputHasZeroMeanAndUnitVariancePerChannel(Case k) {
        Rng rng = new Rng(k.hashCode());
        Tensor x = f32(gaussian(k.x().numel(), rng, k.offset()), k.x());
        for (CpuBackend b : new CpuBackend[] {REF, FAST}) {
            double[] y = b.batchNormTrain(x, null, null, EPS).output().toDoubles();
            int n = k.x().dim(0);
            int c = k.channels();
            int plane = y.length / (n * c);
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < plane; p++) {
                        double v = y[(i * c + ch) * plane + p];
                        s += v;
                        sq += v * v;
                    }
                }
                double count = n * plane;
                double mean = s / count;
                double var = sq / count - mean * mean;
                assertEquals(0.0, mean, 1e-5, b.name() + " channel " + ch + " mean");
                if (count > 1) assertEquals(1.0, var, 1e-4, b.name() + " channel " + ch + " variance");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fastMatchesReference(Case k) {
        Rng rng = new Rng(3 + k.hashCode());
        int c = k.channels();
        Tensor x = f32(gaussian(k.x().numel(), rng, k.offset()), k.x());
        Tensor gy = f32(gaussian(k.x().numel(), rng, 0.5), k.x());
        Tensor gamma = k.affine() ? f32(gaussian(c, rng, 1), Shape.of(c)) : null;
        Tensor beta = k.affine() ? f32(gaussian(c, rng, 0), Shape.of(c)) : null;
        BatchNormResult ref = REF.batchNormTrain(d(x), d(gamma), d(beta), EPS);
        BatchNormResult fast = FAST.batchNormTrain(x, gamma, beta, EPS);
        assertClose(ref.mean(), fast.mean(), 1e-6, 1e-6, "mean");
        assertClose(ref.var(), fast.var(), 1e-6, 1e-5, "var");
        assertClose(ref.invStd(), fast.invStd(), 1e-6, 1e-5, "invStd");
        assertClose(ref.output(), fast.output(), 1e-5, 1e-4, "output");

        Tensor rm = f32(gaussian(c, rng, k.offset()), Shape.of(c));
        Tensor rv = f32(gaussian(c, rng, 5), Shape.of(c));
        assertClose(REF.batchNormEval(d(x), d(gamma), d(beta), d(rm), d(rv), EPS),
                FAST.batchNormEval(x, gamma, beta, rm, rv, EPS), 1e-5, 1e-4, "eval");

        // both paths differentiate at the same saved statistics
        BatchNormGrads gr = REF.batchNormBackward(d(gy), d(x), d(gamma), d(fast.mean()), d(fast.invStd()));
        BatchNormGrads gf = FAST.batchNormBackward(gy, x, gamma, fast.mean(), fast.invStd());
        assertClose(gr.input(), gf.input(), 1e-5, 1e-4, "grad input");
        if (k.affine()) {
            assertClose(gr.gamma(), gf.gamma(), 1e-4, 1e-4, "grad gamma");
            assertClose(gr.beta(), gf.beta(), 1e-4, 1e-5, "grad beta");
        } else {
            assertNull(gf.gamma());
            assertNull(gf.beta());
            assertNull(gr.gamma());
        }
    }

    private static Tensor d(Tensor t) {
        return t == null ? null : REF.cast(t, DType.F64);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneAndTwoThreadsAreBitIdentical(Case k) {
        Rng rng = new Rng(11 + k.hashCode());
        int c = k.channels();
        Tensor x = f32(gaussian(k.x().numel(), rng, k.offset()), k.x());
        Tensor gy = f32(gaussian(k.x().numel(), rng, 0), k.x());
        Tensor gamma = k.affine() ? f32(gaussian(c, rng, 1), Shape.of(c)) : null;
        Tensor beta = k.affine() ? f32(gaussian(c, rng, 0), Shape.of(c)) : null;
        BatchNormResult a = FAST1.batchNormTrain(x, gamma, beta, EPS);
        BatchNormResult b = FAST.batchNormTrain(x, gamma, beta, EPS);
        assertArrayEquals(a.output().toFloats(), b.output().toFloats());
        assertArrayEquals(a.var().toFloats(), b.var().toFloats());
        BatchNormGrads ga = FAST1.batchNormBackward(gy, x, gamma, a.mean(), a.invStd());
        BatchNormGrads gb = FAST.batchNormBackward(gy, x, gamma, b.mean(), b.invStd());
        assertArrayEquals(ga.input().toFloats(), gb.input().toFloats());
        if (k.affine()) assertArrayEquals(ga.gamma().toFloats(), gb.gamma().toFloats());
    }

    /** L = &lt;gy, bn(x; γ, β)&gt; with batch statistics: central differences along random directions. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(Case k) {
        Rng rng = new Rng(17 + k.hashCode());
        int c = k.channels();
        int n = k.x().numel();
        double[] x = gaussian(n, rng, k.offset());
        double[] gamma = k.affine() ? gaussian(c, rng, 1) : null;
        double[] beta = k.affine() ? gaussian(c, rng, 0) : null;
        Tensor gy = REF.fromDoubles(gaussian(n, rng, 0.3), k.x());
        BatchNormResult r = REF.batchNormTrain(REF.fromDoubles(x, k.x()), t(gamma), t(beta), EPS);
        BatchNormGrads g = REF.batchNormBackward(gy, REF.fromDoubles(x, k.x()), t(gamma), r.mean(), r.invStd());
        double h = 1e-5;
        double[] dx = gaussian(n, rng, 0);
        double fdx = (loss(gy, k, axpy(x, dx, h), gamma, beta) - loss(gy, k, axpy(x, dx, -h), gamma, beta)) / (2 * h);
        assertEquals(fdx, dot(g.input().toDoubles(), dx), 1e-6 * Math.max(1, Math.abs(fdx)), "input");
        if (k.affine()) {
            double[] dg = gaussian(c, rng, 0);
            double[] db = gaussian(c, rng, 0);
            double fdg = (loss(gy, k, x, axpy(gamma, dg, h), beta) - loss(gy, k, x, axpy(gamma, dg, -h), beta)) / (2 * h);
            double fdb = (loss(gy, k, x, gamma, axpy(beta, db, h)) - loss(gy, k, x, gamma, axpy(beta, db, -h))) / (2 * h);
            assertEquals(fdg, dot(g.gamma().toDoubles(), dg), 1e-6 * Math.max(1, Math.abs(fdg)), "gamma");
            assertEquals(fdb, dot(g.beta().toDoubles(), db), 1e-6 * Math.max(1, Math.abs(fdb)), "beta");
        }
    }

    private static double loss(Tensor gy, Case k, double[] x, double[] gamma, double[] beta) {
        Tensor y = REF.batchNormTrain(REF.fromDoubles(x, k.x()), t(gamma), t(beta), EPS).output();
        return dot(gy.toDoubles(), y.toDoubles());
    }

    private static Tensor t(double[] v) {
        return v == null ? null : REF.fromDoubles(v, Shape.of(v.length));
    }

    private static double[] axpy(double[] x, double[] d, double h) {
        double[] r = x.clone();
        for (int i = 0; i < r.length; i++) r[i] += h * d[i];
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void badShapesThrowNamingBothShapes() {
        Tensor x = FAST.zeros(Shape.of(2, 3, 4, 4), DType.F32);
        Tensor gamma = FAST.zeros(Shape.of(4), DType.F32);
        Tensor beta = FAST.zeros(Shape.of(4), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FAST.batchNormTrain(x, gamma, beta, EPS));
        assertTrue(e.getMessage().contains(gamma.shape().toString()) && e.getMessage().contains(x.shape().toString()),
                e.getMessage());
        Tensor gy = FAST.zeros(Shape.of(2, 3, 4, 5), DType.F32);
        Tensor c3 = FAST.zeros(Shape.of(3), DType.F32);
        e = assertThrows(IllegalArgumentException.class, () -> FAST.batchNormBackward(gy, x, c3, c3, c3));
        assertTrue(e.getMessage().contains(gy.shape().toString()) && e.getMessage().contains(x.shape().toString()),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FAST.batchNormTrain(FAST.zeros(Shape.of(2, 3, 4), DType.F32), null, null, EPS));
        assertThrows(IllegalArgumentException.class, () -> FAST.batchNormTrain(x, c3, null, EPS));
    }
}
