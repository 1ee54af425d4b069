package dev.ltx.autograd;

import static dev.ltx.autograd.GradTesting.B;
import static dev.ltx.autograd.GradTesting.assertGradients;
import static dev.ltx.autograd.GradTesting.assertScalarGradients;
import static dev.ltx.autograd.GradTesting.normal;
import static dev.ltx.autograd.GradTesting.probe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReduceSoftmaxGradTest {
    private static final int[][] AXES = {{}, {0}, {1}, {2}, {-1}, {0, 2}, {2, 0, 1}};

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reductionsOverVariousAxes(ReduceOp op) {
        Rng rng = new Rng(300 + op.ordinal());
        for (int[] axes : AXES) {
            for (boolean keep : new boolean[] {false, true}) {
                // continuous random values: the maximum of each group is unique, far beyond the step
                Tensor x = normal(rng, 2, 3, 4);
                String what = op + " axes " + Arrays.toString(axes) + " keepDims " + keep;
                assertScalarGradients(what, v -> probe(F.reduce(op, v.get(0), axes, keep), 11), x);
            }
        }
    }

    @Test
    void maxSplitsTheGradientBetweenTiedMaxima() {
        Var x = Var.param(B.fromDoubles(new double[] {1, 3, 3, 5, 0, -1}, Shape.of(2, 3)));
        F.sum(F.max(x, 1)).backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 0, 0}, x.grad().toDoubles());
    }

    @Test
    void meanDividesByTheReducedCount() {
        Var x = Var.param(B.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3)));
        F.sum(F.mean(x, 0)).backward();
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, x.grad().toDoubles());
    }

    @Test
    void softmaxAndLogSoftmaxAlongEveryAxis() {
        Rng rng = new Rng(31);
        for (int axis : new int[] {0, 1, 2, -1}) {
            Tensor x = normal(rng, 3, 4, 5);
            assertGradients("softmax axis " + axis, v -> F.softmax(v, axis), x);
            assertGradients("logSoftmax axis " + axis, v -> F.logSoftmax(v, axis), x);
        }
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void crossEntropyWithEachReduction(Reduction reduction) {
        Rng rng = new Rng(41 + reduction.ordinal());
        Tensor logits = normal(rng, 5, 4);
        Tensor labels = B.fromInts(new int[] {0, 3, 1, 3, 2}, Shape.of(5));
        assertScalarGradients("crossEntropy " + reduction,
                    v -> probe(F.crossEntropy(v.get(0), labels, reduction), 13), logits);
    }

    @Test
    void meanCrossEntropyIsTheBatchAverageOfNone() {
        Tensor logits = normal(new Rng(43), 6, 3);
        Tensor labels = B.fromLongs(new long[] {2, 0, 1, 1, 0, 2}, Shape.of(6));
        double mean = F.crossEntropy(Var.constant(logits), labels).item();
        double[] each = F.crossEntropy(Var.constant(logits), labels, Reduction.NONE).value().toDoubles();
        assertEquals(Arrays.stream(each).average().orElseThrow(), mean, 1e-12);
        assertScalarGradients("crossEntropy mean (default)", v -> F.crossEntropy(v.get(0), labels), logits);
    }
}
