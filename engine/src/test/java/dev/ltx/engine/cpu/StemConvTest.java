package dev.ltx.engine.cpu;

import static dev.ltx.engine.cpu.TapConvTest.assertClose;
import static dev.ltx.engine.cpu.TapConvTest.same;
import static dev.ltx.engine.cpu.TapConvTest.widen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.cpu.TapConvTest.Operands;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StemConv} against the double reference, bit for bit against its definition written as
 * scalar code, and bit-identical for any thread count. Skipped on cores without 512-bit vectors,
 * where the path is off.
 */
class StemConvTest {
    private static final Parallel ONE = new Parallel(1);
    private static final Parallel TWO = new Parallel(2);
    private static final Parallel THREE = new Parallel(3);
    private static final int VL = 16;

    @BeforeAll
    static void needsWideVectors() {
        assumeTrue(FloatVector.SPECIES_PREFERRED.length() >= VL, "no 512-bit vectors");
    }

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
        THREE.close();
    }

    /** 3x3 "same" geometries (n, c, h, w, o) with rows of whole vectors and few input channels. */
    static Stream<ConvGeometry> cases() {
        return Stream.of(
                same(3, 1, 4, 16, 6, 3, 3),     // one vector per row
                same(9, 1, 3, 32, 5, 3, 3),     // two per row, an odd output count, more images than partials
                same(2, 3, 5, 16, 4, 3, 3),     // the RGB stem's channel count
                same(5, 4, 1, 48, 3, 3, 3),     // one row: both kernel rows outside it are padding
                same(1, 2, 6, 16, 2, 3, 3));    // one image: one partial
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReference(ConvGeometry g) {
        Operands op = Operands.of(g);
        assertClose(ConvReference.backwardWeight(g, widen(op.gy()), widen(op.x())), weightGradient(op, TWO), 1e-4,
                "weight gradient");
        if (g.c() == 1) {
            assertClose(ConvReference.forward(g, widen(op.x()), widen(op.w()), widen(op.bias())), forward(op, TWO,
                    true), 1e-4, "forward with bias");
            assertClose(ConvReference.forward(g, widen(op.x()), widen(op.w()), null), forward(op, TWO, false), 1e-4,
                    "forward");
        }
    }

    /**
     * The forward pass is the bias, then the nine taps in order, one {@code Math.fma} each (zero in
     * the padding); the weight gradient per task (images dealt in contiguous runs to
     * min(n, {@link ConvFast#WEIGHT_PARTIALS}) tasks), lane and tap one {@code Math.fma} chain over the
     * task's images and the plane's vectors, the lanes summed in order, then the tasks.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isItsDefinitionBitForBit(ConvGeometry g) {
        Operands op = Operands.of(g);
        TapPanelsTest.assertBits(gradientDefinition(g, op.gy(), op.x()), weightGradient(op, TWO), "weight gradient");
        if (g.c() == 1) TapPanelsTest.assertBits(forwardDefinition(g, op), forward(op, TWO, true), "forward");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anyThreadCountGivesTheSameBits(ConvGeometry g) {
        Operands op = Operands.of(g);
        for (Parallel pool : new Parallel[] {TWO, THREE}) {
            assertArrayEquals(weightGradient(op, ONE), weightGradient(op, pool));
            if (g.c() == 1) assertArrayEquals(forward(op, ONE, true), forward(op, pool, true));
        }
    }

    @Test
    void appliesToThreeByThreeSameConvolutionsWithFewInputChannels() {
        assertTrue(StemConv.appliesForward(same(128, 1, 32, 32, 64, 3, 3)), "Conv8's first layer");
        assertTrue(StemConv.appliesBackwardWeight(same(128, 1, 32, 32, 64, 3, 3)));
        assertTrue(StemConv.appliesBackwardWeight(same(128, 3, 32, 32, 64, 3, 3)), "ResNet-18's stem");
        assertFalse(StemConv.appliesForward(same(128, 3, 32, 32, 64, 3, 3)), "three channels: DirectConv's");
        assertFalse(StemConv.appliesBackwardWeight(same(128, 5, 32, 32, 64, 3, 3)), "five channels");
        assertFalse(StemConv.appliesBackwardWeight(same(128, 1, 28, 28, 64, 3, 3)), "28-cell rows");
        assertFalse(StemConv.appliesBackwardWeight(same(128, 1, 32, 32, 64, 5, 5)), "5x5");
        assertFalse(StemConv.appliesBackwardWeight(new ConvGeometry(128, 1, 32, 32, 64, 3, 3, 16, 16, 2, 2, 1, 1)),
                "stride 2");
    }

    private static float[] forward(Operands op, Parallel pool, boolean withBias) {
        ConvGeometry g = op.g();
        return StemConv.forward(pool, g, op.x(), op.w(), withBias ? op.bias() : null,
                Operands.nan(g.n() * g.o() * g.outPlane()));
    }

    private static float[] weightGradient(Operands op, Parallel pool) {
        ConvGeometry g = op.g();
        return StemConv.backwardWeight(pool, g, op.gy(), op.x(), Operands.nan(g.o() * g.c() * 9));
    }

    /** x[n][c] at (row, col), zero outside the plane. */
    private static float at(ConvGeometry g, float[] x, int n, int c, int row, int col) {
        boolean inside = row >= 0 && row < g.h() && col >= 0 && col < g.w();
        return inside ? x[((n * g.c() + c) * g.h() + row) * g.w() + col] : 0f;
    }

    private static float[] forwardDefinition(ConvGeometry g, Operands op) {
        int plane = g.outPlane();
        float[] y = new float[g.n() * g.o() * plane];
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.o(); o++) {
                for (int q = 0; q < plane; q++) {
                    float acc = op.bias()[o];
                    for (int t = 0; t < 9; t++) {
                        acc = Math.fma(op.w()[o * 9 + t], at(g, op.x(), n, 0, q / g.w() + t / 3 - 1,
                                q % g.w() + t % 3 - 1), acc);
                    }
                    y[(n * g.o() + o) * plane + q] = acc;
                }
            }
        }
        return y;
    }

    private static float[] gradientDefinition(ConvGeometry g, float[] gy, float[] x) {
        int plane = g.outPlane();
        int tasks = Math.min(g.n(), ConvFast.WEIGHT_PARTIALS);
        float[] gw = new float[g.o() * g.c() * 9];
        for (int k = 0; k < gw.length; k++) {
            int o = k / (g.c() * 9);
            int c = k / 9 % g.c();
            int t = k % 9;
            float sum = 0f;
            for (int task = 0; task < tasks; task++) {
                float lanes = 0f;
                for (int l = 0; l < VL; l++) {
                    float acc = 0f;
                    for (int n = g.n() * task / tasks; n < g.n() * (task + 1) / tasks; n++) {
                        for (int q = l; q < plane; q += VL) {
                            acc = Math.fma(gy[(n * g.o() + o) * plane + q],
                                    at(g, x, n, c, q / g.w() + t / 3 - 1, q % g.w() + t % 3 - 1), acc);
                        }
                    }
                    lanes += acc;
                }
                sum = task == 0 ? lanes : sum + lanes;
            }
            gw[k] = sum;
        }
        return gw;
    }
}
