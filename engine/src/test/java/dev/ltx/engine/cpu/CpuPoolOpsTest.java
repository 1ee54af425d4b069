package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.MaxPoolResult;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Max and average pooling: hand-computed reference values, index/tie semantics, fast vs reference. */
class CpuPoolOpsTest {
    private static final CpuBackend REF = CpuBackend.reference();
    private static final CpuBackend FAST = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private static final CpuBackend FAST1 = new CpuBackend(CpuBackend.Mode.FAST, 1);

    @AfterAll
    static void close() {
        REF.close();
        FAST.close();
        FAST1.close();
    }

    /** Input (n, c, h, w) pooled with p; {@code ties} draws small integers so windows tie often. */
    record Case(int n, int c, int h, int w, Pool2dParams p, boolean ties) {
        Shape x() {
            return Shape.of(n, c, h, w);
        }

        Shape y() {
            return Shape.of(n, c, p.outH(h), p.outW(w));
        }

        @Override
        public String toString() {
            return "x" + x() + " " + p + (ties ? " ties" : "");
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(2, 3, 8, 8, Pool2dParams.of(2), false),
                new Case(2, 3, 7, 9, Pool2dParams.of(2), false),               // odd sizes drop the last row/column
                new Case(1, 1, 5, 5, Pool2dParams.of(3, 2, 1), false),         // ResNet stem pool geometry
                new Case(3, 4, 8, 7, Pool2dParams.of(3, 1, 1), false),
                new Case(2, 2, 6, 7, Pool2dParams.of(2, 1, 1), false),
                new Case(1, 1, 1, 1, Pool2dParams.of(1), false),
                new Case(2, 3, 9, 6, new Pool2dParams(3, 2, 2, 1, 1, 0), false),
                new Case(4, 5, 17, 19, Pool2dParams.of(2), true),
                new Case(2, 3, 9, 9, Pool2dParams.of(3, 2, 1), true));
    }

    /** Max pooling is not differentiable at ties, so finite differences use the tie-free cases. */
    static Stream<Case> casesWithoutTies() {
        return cases().filter(k -> !k.ties());
    }

    static Tensor random(Shape s, Rng rng, boolean ties) {
        float[] d = new float[s.numel()];
        for (int i = 0; i < d.length; i++) d[i] = ties ? rng.nextInt(3) : (float) rng.nextGaussian();
        return FAST.fromFloats(d, s);
    }

    static void assertClose(Tensor ref, Tensor got, double atol, double rtol, String what) {
        Compare.Result r = Compare.tensors(ref, got, atol, rtol);
        assertTrue(r.ok(), () -> what + ": " + r);
    }

    @Test
    void maxPoolReferenceValuesIndicesAndFirstTieWins() {
        Tensor x = REF.fromDoubles(new double[] {
            1, 3, 2, 0,
            4, 2, 7, 7,
            5, 5, -1, -2,
            5, 0, -3, -1}, Shape.of(1, 1, 4, 4));
        for (CpuBackend b : new CpuBackend[] {REF, FAST}) {
            Tensor xb = b.cast(x, b == REF ? DType.F64 : DType.F32);
            MaxPoolResult r = b.maxPool2d(xb, Pool2dParams.of(2));
            assertArrayEquals(new double[] {4, 7, 5, -1}, r.output().toDoubles(), 0.0, b.name());
            assertEquals(DType.I32, r.indices().dtype());
            // the 7s tie at (1,2) and (1,3): the first in row-major order wins; likewise the 5s at (2,0), (2,1), (3,0)
            assertArrayEquals(new long[] {4, 6, 8, 10}, r.indices().toLongs(), b.name());
            Tensor gx = b.maxPool2dBackward(b.cast(REF.fromDoubles(new double[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2)),
                    xb.dtype()), r.indices(), x.shape(), Pool2dParams.of(2));
            assertArrayEquals(new double[] {0, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 0, 0, 0, 0}, gx.toDoubles(), 0.0);
        }
    }

    @Test
    void maxPoolWithPaddingNeverPicksAPaddedCellAndOverlapsAccumulate() {
        Tensor x = REF.fromDoubles(new double[] {-5, -6, -7, -8}, Shape.of(1, 1, 2, 2));
        MaxPoolResult r = REF.maxPool2d(x, Pool2dParams.of(3, 1, 1));
        assertArrayEquals(new double[] {-5, -5, -5, -5}, r.output().toDoubles(), 0.0);
        assertArrayEquals(new long[] {0, 0, 0, 0}, r.indices().toLongs());
        Tensor gx = REF.maxPool2dBackward(REF.full(Shape.of(1, 1, 2, 2), DType.F64, 1.5), r.indices(), x.shape(),
                Pool2dParams.of(3, 1, 1));
        assertArrayEquals(new double[] {6, 0, 0, 0}, gx.toDoubles(), 0.0);
    }

    @Test
    void nanWinsItsWindowInEveryPath() {
        Rng rng = new Rng(2024);
        Shape shape = Shape.of(2, 3, 12, 10);   // 6x5 = 30 outputs per plane: vector lanes plus a scalar tail
        float[] d = new float[shape.numel()];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextInt(10) == 0 ? Float.NaN : rng.nextInt(4);
        Tensor x = FAST.fromFloats(d, shape);
        for (Pool2dParams p : new Pool2dParams[] {Pool2dParams.of(2), Pool2dParams.of(3, 2, 1)}) {
            MaxPoolResult ref = REF.maxPool2d(REF.cast(x, DType.F64), p);
            MaxPoolResult fast = FAST.maxPool2d(x, p);
            assertClose(ref.output(), fast.output(), 0, 0, "values " + p);
            assertArrayEquals(ref.indices().toLongs(), fast.indices().toLongs(), "indices " + p);
            long nanWindows = java.util.Arrays.stream(ref.output().toDoubles()).filter(Double::isNaN).count();
            assertTrue(nanWindows > 0, "the data should put NaNs in some windows");
            for (long k : ref.indices().toLongs()) assertTrue(k >= 0 && k < 120);
        }
    }

    @Test
    void avgPoolCountsPaddingInTheDivisor() {
        Tensor x = REF.fromDoubles(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, Shape.of(1, 1, 3, 3));
        Tensor y = REF.avgPool2d(x, Pool2dParams.of(3, 1, 1));
        assertArrayEquals(new double[] {12 / 9.0, 21 / 9.0, 16 / 9.0, 27 / 9.0, 45 / 9.0, 33 / 9.0,
            24 / 9.0, 39 / 9.0, 28 / 9.0}, y.toDoubles(), 1e-15);
        Tensor gx = REF.avgPool2dBackward(REF.full(y.shape(), DType.F64, 9.0), x.shape(), Pool2dParams.of(3, 1, 1));
        // each cell is covered by as many windows as it has neighbours (itself included) inside the image
        assertArrayEquals(new double[] {4, 6, 4, 6, 9, 6, 4, 6, 4}, gx.toDoubles(), 1e-15);
        assertArrayEquals(new double[] {3},
                REF.avgPool2d(REF.fromDoubles(new double[] {1, 2, 4, 5}, Shape.of(1, 1, 2, 2)), Pool2dParams.of(2))
                        .toDoubles(), 0.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fastMatchesReference(Case k) {
        Rng rng = new Rng(k.hashCode());
        Tensor x = random(k.x(), rng, k.ties());
        Tensor gy = random(k.y(), rng, false);
        Tensor x64 = REF.cast(x, DType.F64);
        MaxPoolResult ref = REF.maxPool2d(x64, k.p());
        MaxPoolResult fast = FAST.maxPool2d(x, k.p());
        assertClose(ref.output(), fast.output(), 0, 0, "max values");
        assertArrayEquals(ref.indices().toLongs(), fast.indices().toLongs(), "max indices");
        assertClose(REF.maxPool2dBackward(REF.cast(gy, DType.F64), ref.indices(), k.x(), k.p()),
                FAST.maxPool2dBackward(gy, fast.indices(), k.x(), k.p()), 1e-6, 1e-6, "max backward");
        assertClose(REF.avgPool2d(x64, k.p()), FAST.avgPool2d(x, k.p()), 1e-6, 1e-5, "avg forward");
        assertClose(REF.avgPool2dBackward(REF.cast(gy, DType.F64), k.x(), k.p()),
                FAST.avgPool2dBackward(gy, k.x(), k.p()), 1e-6, 1e-5, "avg backward");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneAndTwoThreadsAreBitIdentical(Case k) {
        Rng rng = new Rng(7 * k.hashCode());
        Tensor x = random(k.x(), rng, k.ties());
        Tensor gy = random(k.y(), rng, false);
        MaxPoolResult a = FAST1.maxPool2d(x, k.p());
        MaxPoolResult b = FAST.maxPool2d(x, k.p());
        assertArrayEquals(a.output().toFloats(), b.output().toFloats());
        assertArrayEquals(a.indices().toLongs(), b.indices().toLongs());
        assertArrayEquals(FAST1.maxPool2dBackward(gy, a.indices(), k.x(), k.p()).toFloats(),
                FAST.maxPool2dBackward(gy, b.indices(), k.x(), k.p()).toFloats());
        assertArrayEquals(FAST1.avgPool2d(x, k.p()).toFloats(), FAST.avgPool2d(x, k.p()).toFloats());
        assertArrayEquals(FAST1.avgPool2dBackward(gy, k.x(), k.p()).toFloats(),
                FAST.avgPool2dBackward(gy, k.x(), k.p()).toFloats());
    }

    /** Directional finite differences of the F64 reference forwards (max pooling is linear away from ties). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithoutTies")
    void backwardMatchesFiniteDifferences(Case k) {
        Rng rng = new Rng(99 + k.hashCode());
        double[] x = gaussian(k.x().numel(), rng);
        double[] d = gaussian(k.x().numel(), rng);
        Tensor gy = REF.fromDoubles(gaussian(k.y().numel(), rng), k.y());
        double h = 1e-6;
        Tensor xp = REF.fromDoubles(axpy(x, d, h), k.x());
        Tensor xm = REF.fromDoubles(axpy(x, d, -h), k.x());
        Tensor dx = REF.fromDoubles(d, k.x());
        MaxPoolResult r = REF.maxPool2d(REF.fromDoubles(x, k.x()), k.p());
        double fdMax = (dot(gy, REF.maxPool2d(xp, k.p()).output()) - dot(gy, REF.maxPool2d(xm, k.p()).output())) / (2 * h);
        assertEquals(fdMax, dot(REF.maxPool2dBackward(gy, r.indices(), k.x(), k.p()), dx), 1e-6, "max");
        double fdAvg = (dot(gy, REF.avgPool2d(xp, k.p())) - dot(gy, REF.avgPool2d(xm, k.p()))) / (2 * h);
        assertEquals(fdAvg, dot(REF.avgPool2dBackward(gy, k.x(), k.p()), dx), 1e-6, "avg");
    }

    private static double[] gaussian(int n, Rng rng) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = rng.nextGaussian();
        return d;
    }

    private static double[] axpy(double[] x, double[] d, double h) {
        double[] r = x.clone();
        for (int i = 0; i < r.length; i++) r[i] += h * d[i];
        return r;
    }

    private static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubles();
        double[] y = b.toDoubles();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    @Test
    void badShapesThrowNamingBothShapes() {
        Shape xs = Shape.of(2, 3, 8, 8);
        Tensor gy = FAST.zeros(Shape.of(2, 3, 4, 5), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FAST.avgPool2dBackward(gy, xs, Pool2dParams.of(2)));
        assertTrue(e.getMessage().contains(gy.shape().toString()) && e.getMessage().contains(xs.toString()), e.getMessage());

        Tensor good = FAST.zeros(Shape.of(2, 3, 4, 4), DType.F32);
        Tensor idx = FAST.zeros(Shape.of(2, 3, 4, 5), DType.I32);
        e = assertThrows(IllegalArgumentException.class, () -> FAST.maxPool2dBackward(good, idx, xs, Pool2dParams.of(2)));
        assertTrue(e.getMessage().contains(idx.shape().toString()) && e.getMessage().contains(good.shape().toString()),
                e.getMessage());

        Tensor outOfPlane = FAST.full(good.shape(), DType.I32, 64);
        e = assertThrows(IllegalArgumentException.class,
                () -> FAST.maxPool2dBackward(good, outOfPlane, xs, Pool2dParams.of(2)));
        assertTrue(e.getMessage().contains("64"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> FAST.maxPool2d(FAST.zeros(Shape.of(3, 8, 8), DType.F32),
                Pool2dParams.of(2)));
    }
}
