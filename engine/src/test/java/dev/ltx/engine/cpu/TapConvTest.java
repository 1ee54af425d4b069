package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.Rng;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TapConv} (and {@link TapWeights} for the weight gradient) called directly, below their
 * channel thresholds too, against the double reference, and bit-identical for any thread count.
 */
class TapConvTest {
    private static final Parallel ONE = new Parallel(1);
    private static final Parallel TWO = new Parallel(2);
    private static final Parallel THREE = new Parallel(3);

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
        THREE.close();
    }

    /** "Same" geometries: (n, c, h, w, o, kh, kw), padding (k−1)/2, stride 1. */
    static Stream<ConvGeometry> cases() {
        return Stream.of(
                same(2, 3, 4, 4, 5, 3, 3),
                same(70, 4, 4, 4, 6, 3, 3),      // two image groups, the second ragged (6 images)
                same(129, 3, 2, 2, 2, 3, 3),     // three groups
                same(3, 5, 3, 6, 4, 3, 3),       // a non-square plane
                same(2, 3, 1, 1, 4, 3, 3),       // one cell: the centre tap only
                same(4, 2, 2, 2, 3, 5, 5),       // taps with no row or no column inside the image
                same(3, 4, 4, 8, 3, 1, 1),       // pointwise
                same(2, 3, 5, 4, 2, 3, 1),       // a column kernel
                same(260, 2, 4, 4, 3, 3, 3),     // more groups than partial weight gradients
                same(65, 8, 8, 8, 7, 3, 3));     // 8x8 planes, o ≠ c
    }

    static ConvGeometry same(int n, int c, int h, int w, int o, int kh, int kw) {
        return new ConvGeometry(n, c, h, w, o, kh, kw, h, w, 1, 1, kh / 2, kw / 2);
    }

    static float[] random(int size, Rng rng) {
        float[] d = new float[size];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return d;
    }

    static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static void assertClose(double[] ref, float[] got, double tol, String what) {
        assertEquals(ref.length, got.length, what + ": length");
        for (int i = 0; i < ref.length; i++) {
            double err = Math.abs(ref[i] - got[i]);
            int at = i;
            assertTrue(err <= tol * (1 + Math.abs(ref[i])), () -> what + " at " + at + ": " + got[at] + " vs " + ref[at]);
        }
    }

    /** Operands of one case; every output array starts as NaN so that an unwritten cell shows. */
    record Operands(ConvGeometry g, float[] x, float[] w, float[] bias, float[] gy) {
        static Operands of(ConvGeometry g) {
            Rng rng = new Rng(g.hashCode());
            int taps = g.kh() * g.kw();
            return new Operands(g, random(g.n() * g.c() * g.inPlane(), rng), random(g.o() * g.c() * taps, rng),
                    random(g.o(), rng), random(g.n() * g.o() * g.outPlane(), rng));
        }

        float[] forward(Parallel pool, boolean withBias) {
            return TapConv.forward(pool, g, x, w, withBias ? bias : null, nan(g.n() * g.o() * g.outPlane()));
        }

        float[] backwardInput(Parallel pool) {
            return TapConv.backwardInput(pool, g, gy, w, nan(g.n() * g.c() * g.inPlane()));
        }

        float[] backwardWeight(Parallel pool) {
            return TapWeights.backwardWeight(pool, g, gy, x, nan(g.o() * g.c() * g.kh() * g.kw()));
        }

        static float[] nan(int size) {
            float[] a = new float[size];
            Arrays.fill(a, Float.NaN);
            return a;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReference(ConvGeometry g) {
        Operands op = Operands.of(g);
        assertClose(ConvReference.forward(g, widen(op.x()), widen(op.w()), widen(op.bias())), op.forward(TWO, true),
                1e-4, "forward with bias");
        assertClose(ConvReference.forward(g, widen(op.x()), widen(op.w()), null), op.forward(TWO, false), 1e-4,
                "forward");
        assertClose(ConvReference.backwardInput(g, widen(op.gy()), widen(op.w())), op.backwardInput(TWO), 1e-4,
                "backward input");
        assertClose(ConvReference.backwardWeight(g, widen(op.gy()), widen(op.x())), op.backwardWeight(TWO), 2e-4,
                "backward weight");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anyThreadCountGivesTheSameBits(ConvGeometry g) {
        Operands op = Operands.of(g);
        for (Parallel pool : new Parallel[] {TWO, THREE}) {
            assertArrayEquals(op.forward(ONE, true), op.forward(pool, true));
            assertArrayEquals(op.backwardInput(ONE), op.backwardInput(pool));
            assertArrayEquals(op.backwardWeight(ONE), op.backwardWeight(pool));
        }
    }

    @Test
    void appliesToDeepSmallSamePlanesOnly() {
        assertTrue(TapConv.applies(same(128, 512, 4, 4, 512, 3, 3)));
        assertTrue(TapConv.applies(same(128, 128, 8, 8, 256, 3, 3)));
        assertFalse(TapConv.applies(same(128, 64, 8, 8, 64, 3, 3)), "shallow: each GEMM too short");
        assertFalse(TapConv.applies(same(128, 128, 16, 16, 128, 3, 3)), "16x16: DirectConv's, or im2col's, is faster");
        assertFalse(TapConv.applies(new ConvGeometry(128, 256, 8, 8, 256, 3, 3, 4, 4, 2, 2, 1, 1)), "stride 2");
        assertFalse(TapConv.applies(new ConvGeometry(128, 256, 8, 8, 256, 3, 3, 6, 6, 1, 1, 0, 0)), "valid");
        assertTrue(TapWeights.applies(same(128, 512, 4, 4, 512, 3, 3)));
        assertTrue(TapWeights.applies(same(128, 64, 16, 16, 128, 3, 3)), "the weight from 64 channels and 16x16");
        assertFalse(TapWeights.applies(same(128, 64, 32, 32, 64, 3, 3)), "32x32: im2col's weight gradient is faster");
        assertFalse(TapWeights.applies(same(128, 32, 16, 16, 64, 3, 3)), "shallow");
        assertFalse(TapWeights.applies(new ConvGeometry(128, 256, 8, 8, 256, 3, 3, 4, 4, 2, 2, 1, 1)), "stride 2");
    }
}
