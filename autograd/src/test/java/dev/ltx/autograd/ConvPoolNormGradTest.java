package dev.ltx.autograd;

import static dev.ltx.autograd.GradTesting.assertGradients;
import static dev.ltx.autograd.GradTesting.assertScalarGradients;
import static dev.ltx.autograd.GradTesting.normal;
import static dev.ltx.autograd.GradTesting.probe;
import static dev.ltx.autograd.GradTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvPoolNormGradTest {

    @ParameterizedTest(name = "stride={0} pad={1} bias={2}")
    @CsvSource({"1,0,true", "1,1,false", "2,1,true", "2,0,false", "3,2,true"})
    void conv2dWithStridePaddingAndBias(int stride, int pad, boolean withBias) {
        Rng rng = new Rng(70 + stride * 10 + pad);
        Tensor x = normal(rng, 2, 3, 6, 5);
        Tensor w = normal(rng, 4, 3, 3, 2);
        Tensor bias = normal(rng, 4);
        Conv2dParams p = Conv2dParams.of(stride, pad);
        if (withBias) {
            assertScalarGradients("conv2d", v -> probe(F.conv2d(v.get(0), v.get(1), v.get(2), p), 9), x, w, bias);
        } else {
            assertScalarGradients("conv2d", v -> probe(F.conv2d(v.get(0), v.get(1), null, p), 9), x, w);
        }
    }

    @Test
    void conv2dWithRectangularStrideAndPadding() {
        Rng rng = new Rng(77);
        Conv2dParams p = new Conv2dParams(2, 1, 0, 1);
        assertScalarGradients("conv2d rectangular",
                v -> probe(F.conv2d(v.get(0), v.get(1), v.get(2), p), 9),
                normal(rng, 1, 2, 5, 4), normal(rng, 3, 2, 2, 3), normal(rng, 3));
    }

    @ParameterizedTest(name = "kernel={0} stride={1} pad={2}")
    @CsvSource({"2,2,0", "3,1,1", "3,2,1", "2,1,0"})
    void pools(int kernel, int stride, int pad) {
        Pool2dParams p = Pool2dParams.of(kernel, stride, pad);
        // distinct values spaced far beyond the step, so every max window has a clear winner
        Tensor x = permutedGrid(new Rng(80 + kernel * 7 + stride), 2, 3, 5, 6);
        assertGradients("maxPool2d", v -> F.maxPool2d(v, p), x);
        assertGradients("avgPool2d", v -> F.avgPool2d(v, p), x);
    }

    @Test
    void batchNormTrainOnMatricesAndImages() {
        Rng rng = new Rng(90);
        for (int[] dims : new int[][] {{6, 3}, {3, 2, 3, 4}}) {
            int c = dims[1];
            Tensor x = normal(rng, dims);
            Tensor gamma = uniform(rng, 0.5, 1.5, c);
            Tensor beta = normal(rng, c);
            assertScalarGradients("batchNormTrain affine " + java.util.Arrays.toString(dims),
                    v -> probe(F.batchNormTrain(v.get(0), v.get(1), v.get(2), 1e-5).output(), 17), x, gamma, beta);
            assertScalarGradients("batchNormTrain plain " + java.util.Arrays.toString(dims),
                    v -> probe(F.batchNormTrain(v.get(0), null, null, 1e-5).output(), 17), x);
        }
    }

    @Test
    void batchNormEvalTreatsRunningStatisticsAsConstants() {
        Rng rng = new Rng(91);
        for (int[] dims : new int[][] {{5, 4}, {2, 3, 3, 2}}) {
            int c = dims[1];
            Tensor x = normal(rng, dims);
            Tensor gamma = uniform(rng, 0.5, 1.5, c);
            Tensor beta = normal(rng, c);
            Tensor mean = normal(rng, c);
            Tensor var = uniform(rng, 0.5, 2.0, c);
            assertScalarGradients("batchNormEval affine " + java.util.Arrays.toString(dims),
                    v -> probe(F.batchNormEval(v.get(0), v.get(1), v.get(2), mean, var, 1e-5), 19), x, gamma, beta);
            assertScalarGradients("batchNormEval plain " + java.util.Arrays.toString(dims),
                    v -> probe(F.batchNormEval(v.get(0), null, null, mean, var, 1e-5), 19), x);
        }
    }

    @Test
    void batchNormTrainExposesBatchStatistics() {
        Tensor x = normal(new Rng(92), 8, 2);
        BatchNormOutput out = F.batchNormTrain(Var.constant(x), null, null, 1e-5);
        double[] xs = x.toDoubles();
        double m0 = 0;
        for (int i = 0; i < 8; i++) {
            m0 += xs[2 * i] / 8;
        }
        assertEquals(m0, out.mean().toDoubles()[0], 1e-12);
        assertEquals(2, out.var().numel());
    }

    /** A random arrangement of the values 0, 0.1, 0.2, ...: all distinct, 0.1 apart. */
    private static Tensor permutedGrid(Rng rng, int... dims) {
        int n = dev.ltx.engine.Shape.of(dims).numel();
        int[] perm = rng.permutation(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.1 * perm[i] - 0.05 * n;
        }
        return GradTesting.B.fromDoubles(v, dev.ltx.engine.Shape.of(dims));
    }
}
