package dev.ltx.autograd;

import static dev.ltx.autograd.GradTesting.B;
import static dev.ltx.autograd.GradTesting.assertGradients;
import static dev.ltx.autograd.GradTesting.assertScalarGradients;
import static dev.ltx.autograd.GradTesting.normal;
import static dev.ltx.autograd.GradTesting.probe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutGradTest {

    @Test
    void indexSelectWithRepeatedIndicesAlongEachAxis() {
        Rng rng = new Rng(60);
        Tensor x = normal(rng, 4, 3, 2);
        Tensor idx = B.fromInts(new int[] {2, 0, 2, 2, 1}, Shape.of(5));
        for (int axis : new int[] {0, 1, -1}) {
            Tensor indices = axis == 0 ? idx : B.fromLongs(new long[] {1, 1, 0}, Shape.of(3));
            assertGradients("indexSelect axis " + axis, v -> F.indexSelect(v, axis, indices), x);
        }
    }

    @Test
    void repeatedIndicesAccumulateByHand() {
        Var x = Var.param(B.fromDoubles(new double[] {1, 2, 3}, Shape.of(3)));
        Tensor idx = B.fromInts(new int[] {2, 2, 0, 2}, Shape.of(4));
        F.sum(F.indexSelect(x, 0, idx)).backward();
        assertArrayEquals(new double[] {1, 0, 3}, x.grad().toDoubles());
    }

    @Test
    void reshapeFlattenPermuteTranspose() {
        Rng rng = new Rng(61);
        Tensor x = normal(rng, 2, 3, 4);
        assertGradients("reshape", v -> F.reshape(v, Shape.of(4, 6)), x);
        assertGradients("flatten", F::flatten, x);
        assertGradients("permute", v -> F.permute(v, 2, 0, 1), x);
        assertGradients("permute", v -> F.permute(v, 1, 2, 0), x);
        assertGradients("transpose", v -> F.transpose(v, 0, -1), x);
    }

    @Test
    void tapPassesTheGradientOnAndShowsIt() {
        Rng rng = new Rng(64);
        Tensor x = normal(rng, 3, 4);
        assertGradients("tap", v -> F.tap(v, g -> g.close()), x);
        // the observer sees exactly the gradient with respect to the tapped value: here d(sum(w * y))/dy = w
        Tensor w = normal(rng, 3, 4);
        Var v = Var.param(x);
        Tensor[] seen = new Tensor[1];
        F.sum(F.mul(Var.constant(w), F.tap(F.mul(v, v), g -> seen[0] = g))).backward();
        assertArrayEquals(w.toDoubles(), seen[0].toDoubles());
    }

    @Test
    void concatAlongEachAxis() {
        Rng rng = new Rng(62);
        int[] axes = {0, 1, -1};
        int[][][] shapes = {
            {{2, 3, 2}, {1, 3, 2}, {3, 3, 2}},
            {{2, 3, 2}, {2, 4, 2}, {2, 1, 2}},
            {{2, 3, 2}, {2, 3, 3}, {2, 3, 1}},
        };
        for (int k = 0; k < axes.length; k++) {
            int axis = axes[k];
            Tensor a = normal(rng, shapes[k][0]);
            Tensor b = normal(rng, shapes[k][1]);
            Tensor c = normal(rng, shapes[k][2]);
            assertScalarGradients("concat axis " + axis,
                    v -> probe(F.concat(List.of(v.get(0), v.get(1), v.get(2)), axis), 5), a, b, c);
        }
    }

    @Test
    void concatOnlyFeedsPartsThatRequireGradients() {
        Var a = Var.param(B.fromDoubles(new double[] {1, 2}, Shape.of(2)));
        Var c = Var.constant(B.fromDoubles(new double[] {3}, Shape.of(1)));
        Tensor seed = B.fromDoubles(new double[] {10, 20, 30}, Shape.of(3));
        F.concat(List.of(a, c), 0).backward(seed);
        assertArrayEquals(new double[] {10, 20}, a.grad().toDoubles());
        org.junit.jupiter.api.Assertions.assertNull(c.grad());
    }

    @Test
    void sliceAlongEachAxis() {
        Rng rng = new Rng(63);
        Tensor x = normal(rng, 4, 5, 3);
        assertGradients("slice axis 0", v -> F.slice(v, 0, 1, 3), x);
        assertGradients("slice axis 1", v -> F.slice(v, 1, 0, 5), x);
        assertGradients("slice axis -1", v -> F.slice(v, -1, 2, 3), x);
    }
}
