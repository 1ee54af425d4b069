package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.cpu.TapConvTest.Operands;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TapPanels} (through {@link TapConv}'s forward pass and input gradient) bit for bit against
 * its definition written as scalar code: per output, each tap inside the image sums its channels
 * as one {@code Math.fma} chain from zero (what the micro-kernel does per lane), and the tap sums
 * are added centre first, then in tap order. Any slip in the panel layout, the packed weight (its
 * zero rows, the flip), the skipped taps or the transposes changes bits here, not only a tolerance.
 */
class TapPanelsTest {
    private static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void close() {
        TWO.close();
    }

    static Stream<ConvGeometry> cases() {
        return Stream.concat(TapConvTest.cases(), Stream.of(
                TapConvTest.same(130, 7, 4, 4, 11, 3, 3),   // ragged third group, slabs past cout
                TapConvTest.same(17, 16, 8, 8, 21, 3, 3))); // a short single group, 8x8
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardIsTheTapOrderedFmaSum(ConvGeometry g) {
        Operands op = Operands.of(g);
        float[] want = definition(g, g.c(), g.o(), op.x(), (u, v, t) -> op.w()[(u * g.c() + v) * taps(g) + t],
                op.bias());
        assertBits(want, op.forward(TWO, true), "forward with bias");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputGradientIsTheFlippedKernelsFmaSum(ConvGeometry g) {
        Operands op = Operands.of(g);
        int taps = taps(g);
        float[] want = definition(g, g.o(), g.c(), op.gy(),
                (u, v, t) -> op.w()[(v * g.c() + u) * taps + taps - 1 - t], null);
        assertBits(want, op.backwardInput(TWO), "input gradient");
    }

    /** The weight from input channel v to output channel u at tap t of a cin → cout pass. */
    interface Weight {
        float at(int u, int v, int t);
    }

    static int taps(ConvGeometry g) {
        return g.kh() * g.kw();
    }

    static float[] definition(ConvGeometry g, int cin, int cout, float[] in, Weight w, float[] bias) {
        int h = g.h();
        int wd = g.w();
        int kw = g.kw();
        int taps = taps(g);
        int centre = g.padH() * kw + g.padW();
        float[] out = new float[g.n() * cout * h * wd];
        for (int n = 0; n < g.n(); n++) {
            for (int u = 0; u < cout; u++) {
                for (int q = 0; q < h * wd; q++) {
                    float s = 0f;
                    for (int k = -1; k < taps; k++) {
                        if (k == centre) continue;
                        int t = k < 0 ? centre : k;
                        int ih = q / wd + t / kw - g.padH();
                        int iw = q % wd + t % kw - g.padW();
                        if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                        float acc = 0f;
                        for (int v = 0; v < cin; v++) {
                            acc = Math.fma(w.at(u, v, t), in[((n * cin + v) * h + ih) * wd + iw], acc);
                        }
                        s = k < 0 ? acc : acc + s;
                    }
                    out[(n * cout + u) * h * wd + q] = bias == null ? s : s + bias[u];
                }
            }
        }
        return out;
    }

    static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                assertEquals(want[i], got[i], 0f, what + " at " + i);
                throw new AssertionError(what + " at " + i + ": " + got[i] + " vs " + want[i] + " (sign of zero)");
            }
        }
    }
}
