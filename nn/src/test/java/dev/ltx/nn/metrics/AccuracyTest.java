package dev.ltx.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccuracyTest {

    static Stream<Arguments> cases() {
        Backend ref = CpuBackend.reference();
        Backend fast = new CpuBackend(CpuBackend.Mode.FAST, 2);
        return Stream.of(
                Arguments.of(ref, DType.F64, DType.I64),
                Arguments.of(ref, DType.F32, DType.I32),
                Arguments.of(fast, DType.F32, DType.I64),
                Arguments.of(fast, DType.F32, DType.I32),
                Arguments.of(fast, DType.F64, DType.I32));
    }

    private static Tensor logits(Backend b, double[] v, Shape shape, DType dtype) {
        return b.cast(b.fromDoubles(v, shape), dtype);
    }

    private static Tensor labels(Backend b, int[] v, DType dtype) {
        return b.cast(b.fromInts(v, Shape.of(v.length)), dtype);
    }

    @ParameterizedTest(name = "{0} {1} labels {2}")
    @MethodSource("cases")
    void handMadeLogits(Backend b, DType dt, DType labelType) {
        // predictions 2, 0, 1 (first of a tie), 0, 3 against labels 2, 0, 2, 1, 3 → 3 of 5 right
        Tensor x = logits(b, new double[] {
            1, 2, 3, 0,
            5, 0, 0, 0,
            0, 7, 7, 0,
            -1, -2, -3, -4,
            0.1, 0.2, 0.3, 0.30001}, Shape.of(5, 4), dt);
        Tensor y = labels(b, new int[] {2, 0, 2, 1, 3}, labelType);
        assertEquals(3, Accuracy.correct(x, y));
        assertEquals(60.0, Accuracy.top1Percent(x, y), 1e-12);
    }

    @ParameterizedTest(name = "{0} {1} labels {2}")
    @MethodSource("cases")
    void randomLogitsAgainstAHostCount(Backend b, DType dt, DType labelType) {
        Rng rng = new Rng(17);
        int n = 301;
        int c = 10;
        double[] v = new double[n * c];
        int[] y = new int[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        int expected = 0;
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
            int best = 0;
            for (int j = 1; j < c; j++) {
                if ((float) v[i * c + j] > (float) v[i * c + best]) {
                    best = j;
                }
            }
            expected += best == y[i] ? 1 : 0;
        }
        assertTrue(expected > 0 && expected < n, "the check needs both hits and misses, got " + expected);
        assertEquals(expected, Accuracy.correct(logits(b, v, Shape.of(n, c), dt), labels(b, y, labelType)));
    }

    @Test
    void badInputsThrow() {
        Backend b = CpuBackend.reference();
        Tensor x = b.zeros(Shape.of(3, 4), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Accuracy.correct(x, b.fromInts(new int[] {0, 1}, Shape.of(2))));
        assertTrue(e.getMessage().contains(Shape.of(3, 4).toString()) && e.getMessage().contains(Shape.of(2).toString()),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Accuracy.correct(x, b.zeros(Shape.of(3), DType.F32)));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.correct(b.zeros(Shape.of(12), DType.F32),
                b.fromInts(new int[12], Shape.of(12))));
        Tensor empty = b.zeros(Shape.of(0, 4), DType.F32);
        Tensor noLabels = b.fromInts(new int[0], Shape.of(0));
        assertEquals(0, Accuracy.correct(empty, noLabels));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.top1Percent(empty, noLabels));
    }
}
