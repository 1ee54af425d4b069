package dev.ltx.engine.cpu;

import static dev.ltx.engine.cpu.TapConvTest.assertClose;
import static dev.ltx.engine.cpu.TapConvTest.same;
import static dev.ltx.engine.cpu.TapConvTest.widen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ltx.engine.ConvGeometry;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DirectConv} called directly (below its channel threshold too) against the double
 * reference, and bit-identical for any thread count. Skipped on cores without 512-bit vectors,
 * where the path is off.
 */
class DirectConvTest {
    private static final Parallel ONE = new Parallel(1);
    private static final Parallel TWO = new Parallel(2);
    private static final Parallel THREE = new Parallel(3);

    @BeforeAll
    static void needsWideVectors() {
        assumeTrue(FloatVector.SPECIES_PREFERRED.length() >= DirectConvKernels.VL, "no 512-bit vectors");
    }

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
        THREE.close();
    }

    /** "Same" geometries (n, c, h, w, o, kh, kw) with rows of whole vectors and channels in whole blocks. */
    static Stream<ConvGeometry> cases() {
        return Stream.of(
                same(2, 8, 2, 16, 8, 3, 3),
                same(3, 8, 3, 32, 16, 3, 3),     // six vectors: three whole runs
                same(2, 16, 5, 16, 8, 3, 3),     // five vectors: a run of one at the end
                same(1, 8, 4, 16, 24, 3, 3),     // one image: split over channel blocks
                same(2, 8, 2, 16, 8, 5, 5),      // taps whose rows lie wholly in the padding
                same(2, 8, 3, 16, 16, 1, 1),     // pointwise
                same(2, 8, 3, 16, 8, 3, 1),      // a column kernel
                same(2, 24, 1, 48, 8, 1, 3),     // one row, a row kernel, three vectors per row
                same(9, 16, 16, 16, 16, 3, 3),   // more images than tasks
                same(2, 72, 4, 16, 16, 3, 3),    // many input channels
                same(2, 8, 5, 32, 40, 5, 5),     // the input gradient over many channels, two rows of padding
                same(1, 40, 16, 16, 8, 3, 3));   // a 16x16 plane
    }

    record Operands(ConvGeometry g, float[] x, float[] w, float[] bias, float[] gy) {
        static Operands of(ConvGeometry g) {
            TapConvTest.Operands t = TapConvTest.Operands.of(g);
            return new Operands(g, t.x(), t.w(), t.bias(), t.gy());
        }

        float[] forward(Parallel pool, boolean withBias) {
            return DirectConv.forward(pool, g, x, w, withBias ? bias : null,
                    TapConvTest.Operands.nan(g.n() * g.o() * g.outPlane()));
        }

        float[] backwardInput(Parallel pool) {
            return DirectConv.backwardInput(pool, g, gy, w, TapConvTest.Operands.nan(g.n() * g.c() * g.inPlane()));
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
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anyThreadCountGivesTheSameBits(ConvGeometry g) {
        Operands op = Operands.of(g);
        for (Parallel pool : new Parallel[] {TWO, THREE}) {
            assertArrayEquals(op.forward(ONE, true), op.forward(pool, true));
            assertArrayEquals(op.backwardInput(ONE), op.backwardInput(pool));
        }
    }

    /**
     * Bit for bit against the definition as scalar code: per output one {@code Math.fma} chain from
     * the bias (or zero) over the input channels, then every tap including those in the padding (a
     * zero product). Any slip in the offsets, the weight copy (its flip and transpose) or a run's
     * cells changes bits here, not only a tolerance.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isTheChannelThenTapFmaChain(ConvGeometry g) {
        Operands op = Operands.of(g);
        int taps = g.kh() * g.kw();
        float[] forward = chain(g, g.c(), g.o(), op.x(), (u, v, t) -> op.w()[(u * g.c() + v) * taps + t], op.bias());
        TapPanelsTest.assertBits(forward, op.forward(TWO, true), "forward with bias");
        float[] backward = chain(g, g.o(), g.c(), op.gy(),
                (u, v, t) -> op.w()[(v * g.c() + u) * taps + taps - 1 - t], null);
        TapPanelsTest.assertBits(backward, op.backwardInput(TWO), "input gradient");
    }

    private static float[] chain(ConvGeometry g, int cin, int cout, float[] in, TapPanelsTest.Weight w, float[] bias) {
        int h = g.h();
        int wd = g.w();
        float[] out = new float[g.n() * cout * h * wd];
        for (int n = 0; n < g.n(); n++) {
            for (int u = 0; u < cout; u++) {
                for (int q = 0; q < h * wd; q++) {
                    float acc = bias == null ? 0f : bias[u];
                    for (int v = 0; v < cin; v++) {
                        for (int t = 0; t < g.kh() * g.kw(); t++) {
                            int ih = q / wd + t / g.kw() - g.padH();
                            int iw = q % wd + t % g.kw() - g.padW();
                            boolean inside = ih >= 0 && ih < h && iw >= 0 && iw < wd;
                            acc = Math.fma(w.at(u, v, t), inside ? in[((n * cin + v) * h + ih) * wd + iw] : 0f, acc);
                        }
                    }
                    out[(n * cout + u) * h * wd + q] = acc;
                }
            }
        }
        return out;
    }

    @Test
    void appliesToSameConvolutionsOnWholeVectorRows() {
        assertTrue(DirectConv.appliesForward(same(128, 64, 32, 32, 64, 3, 3)));
        assertTrue(DirectConv.appliesBackwardInput(same(128, 64, 32, 32, 64, 3, 3)));
        assertTrue(DirectConv.appliesForward(same(128, 64, 16, 16, 128, 3, 3)));
        assertFalse(DirectConv.appliesForward(same(128, 1, 32, 32, 64, 3, 3)), "one input channel");
        assertFalse(DirectConv.appliesBackwardInput(same(128, 64, 32, 32, 1, 3, 3)), "one output channel");
        assertTrue(DirectConv.appliesForward(same(128, 3, 32, 32, 64, 3, 3)), "the RGB stem");
        assertFalse(DirectConv.appliesForward(same(128, 256, 8, 8, 256, 3, 3)), "8-cell rows");
        assertFalse(DirectConv.appliesForward(same(128, 64, 32, 32, 60, 3, 3)), "60 outputs: not whole blocks");
        assertFalse(DirectConv.appliesForward(new ConvGeometry(128, 64, 32, 32, 128, 3, 3, 16, 16, 2, 2, 1, 1)),
                "stride 2");
        assertFalse(DirectConv.appliesForward(new ConvGeometry(128, 64, 32, 32, 64, 3, 3, 30, 30, 1, 1, 0, 0)),
                "valid padding");
    }
}
