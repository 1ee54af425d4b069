package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.cpu.TapConvTest.Operands;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link TapWeights} against the double reference, and bit-identical for any thread count. */
class TapWeightsTest {
    private static final Parallel ONE = new Parallel(1);
    private static final Parallel TWO = new Parallel(2);
    private static final Parallel THREE = new Parallel(3);

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
        THREE.close();
    }

    static Stream<ConvGeometry> cases() {
        return Stream.concat(TapPanelsTest.cases(), Stream.of(
                TapConvTest.same(9, 70, 16, 16, 13, 3, 3),   // 16x16, a second channel block of 6
                TapConvTest.same(3, 2, 7, 5, 3, 5, 5)));     // 5x5 taps on an odd plane
    }

    static float[] run(Parallel pool, Operands op) {
        ConvGeometry g = op.g();
        float[] gw = new float[g.o() * g.c() * g.kh() * g.kw()];
        Arrays.fill(gw, Float.NaN);
        return TapWeights.backwardWeight(pool, g, op.gy(), op.x(), gw);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReference(ConvGeometry g) {
        Operands op = Operands.of(g);
        TapConvTest.assertClose(ConvReference.backwardWeight(g, TapConvTest.widen(op.gy()), TapConvTest.widen(op.x())),
                run(TWO, op), 2e-4, "weight gradient");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anyThreadCountGivesTheSameBits(ConvGeometry g) {
        Operands op = Operands.of(g);
        float[] one = run(ONE, op);
        assertArrayEquals(one, run(TWO, op));
        assertArrayEquals(one, run(THREE, op));
    }
}
