package dev.ltx.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LossesTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(CpuBackend.reference(), DType.F64, 1e-12),
                Arguments.of(new CpuBackend(CpuBackend.Mode.FAST, 2), DType.F32, 1e-6));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void meanCrossEntropyAndItsGradient(Backend b, DType dt, double tol) {
        // row 0: log(e^1 + e^2 + e^3) − 3 = log(1 + e^−1 + e^−2); row 1: uniform over 3 classes → log 3
        Var logits = Var.param(b.cast(b.fromDoubles(new double[] {1, 2, 3, 0, 0, 0}, Shape.of(2, 3)), dt));
        Tensor labels = b.fromInts(new int[] {2, 1}, Shape.of(2));
        Var loss = Losses.crossEntropy(logits, labels);
        double row0 = Math.log(1 + Math.exp(-1) + Math.exp(-2));
        assertEquals((row0 + Math.log(3)) / 2, loss.item(), tol);
        loss.backward();
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        double[] expected = {
            Math.exp(1) / z / 2, Math.exp(2) / z / 2, (Math.exp(3) / z - 1) / 2,
            1.0 / 6, (1.0 / 3 - 1) / 2, 1.0 / 6};
        assertArrayEquals(expected, logits.grad().toDoubles(), tol);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void badShapesThrow(Backend b, DType dt, double tol) {
        Var logits = Var.constant(b.zeros(Shape.of(2, 3), dt));
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, b.fromInts(new int[3], Shape.of(3))));
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, b.zeros(Shape.of(2), dt)));
    }
}
