package dev.ltx.autograd;

import static dev.ltx.autograd.GradTesting.B;
import static dev.ltx.autograd.GradTesting.assertGradients2;
import static dev.ltx.autograd.GradTesting.normal;
import static dev.ltx.autograd.GradTesting.probe;
import static dev.ltx.autograd.GradTesting.assertGradients;
import static dev.ltx.autograd.GradTesting.assertScalarGradients;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MatMulGradTest {
    private static final int M = 3;
    private static final int K = 4;
    private static final int N = 5;

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void matmulEveryTransposeCombination(boolean transA, boolean transB) {
        Rng rng = new Rng(50);
        Tensor a = transA ? normal(rng, K, M) : normal(rng, M, K);
        Tensor b = transB ? normal(rng, N, K) : normal(rng, K, N);
        assertGradients2("matmul", (p, q) -> F.matmul(p, q, transA, transB), a, b);
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void batchedMatmulEveryTransposeCombination(boolean transA, boolean transB) {
        Rng rng = new Rng(51);
        Tensor a = transA ? normal(rng, 2, K, M) : normal(rng, 2, M, K);
        Tensor b = transB ? normal(rng, 2, N, K) : normal(rng, 2, K, N);
        assertGradients2("batchedMatmul", (p, q) -> F.batchedMatmul(p, q, transA, transB), a, b);
    }

    @Test
    void linearWithAndWithoutBias() {
        Rng rng = new Rng(52);
        Tensor x = normal(rng, 4, 3);
        Tensor w = normal(rng, 2, 3);
        Tensor bias = normal(rng, 2);
        assertScalarGradients("linear", v -> probe(F.linear(v.get(0), v.get(1), v.get(2)), 3), x, w, bias);
        assertScalarGradients("linear without bias", v -> probe(F.linear(v.get(0), v.get(1), null), 3), x, w);
    }

    /**
     * {@link F#factoredLinear}: the same value and input and bias gradients as {@link F#linear}, no
     * weight gradient, and an output gradient whose product with the input is linear's weight gradient.
     */
    @Test
    void factoredLinearGivesLinearsGradientsExceptTheWeightsAsFactors() {
        Rng rng = new Rng(53);
        Tensor xv = normal(rng, 4, 3);
        Tensor wv = normal(rng, 2, 3);
        Tensor bv = normal(rng, 2);
        for (boolean inputGrad : new boolean[] {true, false}) {
            for (boolean withBias : new boolean[] {true, false}) {
                Var x1 = Var.leaf(xv, inputGrad);
                Var w1 = Var.param(wv);
                Var b1 = withBias ? Var.param(bv) : null;
                Var y1 = probe(F.linear(x1, w1, b1), 3);
                y1.backward();
                Var x2 = Var.leaf(xv, inputGrad);
                Var w2 = Var.param(wv);
                Var b2 = withBias ? Var.param(bv) : null;
                Tensor[] g = new Tensor[1];
                Var y2 = probe(F.factoredLinear(x2, w2, b2, t -> g[0] = t), 3);
                y2.backward();
                String what = "input grad " + inputGrad + ", bias " + withBias;
                assertArrayEquals(y1.value().toDoubles(), y2.value().toDoubles(), what + ": value");
                if (inputGrad) {
                    assertArrayEquals(x1.grad().toDoubles(), x2.grad().toDoubles(), what + ": input gradient");
                } else {
                    assertNull(x2.grad(), what);
                }
                if (withBias) {
                    assertArrayEquals(b1.grad().toDoubles(), b2.grad().toDoubles(), what + ": bias gradient");
                }
                assertNull(w2.grad(), what + ": the weight gets no gradient");
                Tensor dw = B.matmul(g[0], xv, true, false); // gᵀ · x
                assertArrayEquals(w1.grad().toDoubles(), dw.toDoubles(), 1e-12, what + ": weight gradient from factors");
            }
        }
    }

    @Test
    void matmulGradientByHand() {
        // c = a·b with a (1, 2), b (2, 1): dc/da = bᵀ, dc/db = aᵀ
        Var a = Var.param(B.fromDoubles(new double[] {2, 3}, Shape.of(1, 2)));
        Var b = Var.param(B.fromDoubles(new double[] {5, 7}, Shape.of(2, 1)));
        F.matmul(a, b).backward();
        assertArrayEquals(new double[] {5, 7}, a.grad().toDoubles());
        assertArrayEquals(new double[] {2, 3}, b.grad().toDoubles());
    }
}
