package dev.ltx.autograd;

import static dev.ltx.autograd.GradTesting.B;
import static dev.ltx.autograd.GradTesting.assertGradients;
import static dev.ltx.autograd.GradTesting.assertGradients2;
import static dev.ltx.autograd.GradTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ElementwiseGradTest {

    /** Inputs inside each op's domain and away from its kinks: |x| in [0.2, 2) with random signs. */
    private static Tensor domainInput(UnaryOp op, Rng rng) {
        Tensor mag = uniform(rng, 0.2, 2.0, 3, 5);
        return switch (op) {
            case LOG, SQRT -> mag;
            default -> B.binary(BinaryOp.MUL, mag, B.addScalar(B.scale(
                    B.unary(UnaryOp.RELU_MASK, uniform(rng, -1.0, 1.0, 3, 5)), 2.0), -1.0));
        };
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void everyUnaryOpMatchesFiniteDifferences(UnaryOp op) {
        Tensor x = domainInput(op, new Rng(op.ordinal() + 1));
        assertGradients(op.name(), v -> F.unary(op, v), x);
    }

    @Test
    void reluAndAbsGradientsAreTheSignPatternByHand() {
        Var x = Var.param(B.fromDoubles(new double[] {-2, -0.5, 0.5, 3}, Shape.of(4)));
        F.sum(F.relu(x)).backward();
        assertArrayEquals(new double[] {0, 0, 1, 1}, x.grad().toDoubles());
        x.clearGrad();
        F.sum(F.abs(x)).backward();
        assertArrayEquals(new double[] {-1, -1, 1, 1}, x.grad().toDoubles());
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void everyBinaryOpSameShape(BinaryOp op) {
        Rng rng = new Rng(100 + op.ordinal());
        Tensor a = uniform(rng, 0.5, 2.0, 4, 3);
        // b differs from a by at least 0.1, so MAX/MIN have no ties within the step
        Tensor b = B.binary(BinaryOp.ADD, a, shift(rng, 4, 3));
        assertGradients2(op.name(), (p, q) -> F.binary(op, p, q), a, b);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void everyBinaryOpBroadcasting(BinaryOp op) {
        Rng rng = new Rng(200 + op.ordinal());
        int[][][] cases = {
            {{2, 3, 4}, {4}},
            {{2, 3, 4}, {3, 1}},
            {{3, 1}, {1, 4}},
            {{1}, {2, 3}},
            {{2, 1, 4}, {2, 3, 1}},
        };
        for (int[][] c : cases) {
            Tensor a = uniform(rng, 0.5, 2.0, c[0]);
            Tensor b = uniform(rng, 2.5, 4.0, c[1]);
            // MAX/MIN: a in [0.5, 2) and b in [2.5, 4) never tie; swap roles for the other side
            String what = op + " " + Shape.of(c[0]) + " with " + Shape.of(c[1]);
            assertGradients2(what, (p, q) -> F.binary(op, p, q), a, b);
            assertGradients2(what + " (swapped)", (p, q) -> F.binary(op, p, q), b, a);
        }
    }

    @Test
    void broadcastGradientSumsOverTheBroadcastAxesByHand() {
        Var a = Var.param(B.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3)));
        Var b = Var.param(B.fromDoubles(new double[] {10, 20, 30}, Shape.of(3)));
        Tensor seed = B.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        F.mul(a, b).backward(seed);
        assertArrayEquals(new double[] {10, 40, 90, 40, 100, 180}, a.grad().toDoubles());
        // db_j = sum_i seed_ij * a_ij
        assertArrayEquals(new double[] {1 + 16, 4 + 25, 9 + 36}, b.grad().toDoubles());
    }

    @Test
    void maxSendsTiesToTheFirstOperandAndMinToo() {
        Var a = Var.param(B.fromDoubles(new double[] {1, 2, 3}, Shape.of(3)));
        Var b = Var.param(B.fromDoubles(new double[] {2, 2, 2}, Shape.of(3)));
        F.sum(F.maximum(a, b)).backward();
        assertArrayEquals(new double[] {0, 1, 1}, a.grad().toDoubles());
        assertArrayEquals(new double[] {1, 0, 0}, b.grad().toDoubles());
        a.clearGrad();
        b.clearGrad();
        F.sum(F.minimum(a, b)).backward();
        assertArrayEquals(new double[] {1, 1, 0}, a.grad().toDoubles());
        assertArrayEquals(new double[] {0, 0, 1}, b.grad().toDoubles());
    }

    @Test
    void scaleAndAddScalar() {
        Rng rng = new Rng(5);
        assertGradients("scale", v -> F.scale(v, -2.5), uniform(rng, -1, 1, 3, 4));
        assertGradients("addScalar", v -> F.square(F.addScalar(v, 0.75)), uniform(rng, -1, 1, 3, 4));
    }

    /** Random offsets of magnitude in [0.1, 0.6) and random sign. */
    private static Tensor shift(Rng rng, int... dims) {
        Tensor mag = uniform(rng, 0.1, 0.6, dims);
        Tensor sign = B.addScalar(B.scale(B.unary(UnaryOp.RELU_MASK, uniform(rng, -1, 1, dims)), 2.0), -1.0);
        return B.binary(BinaryOp.MUL, mag, sign);
    }
}
