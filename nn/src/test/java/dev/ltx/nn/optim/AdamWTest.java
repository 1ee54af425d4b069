package dev.ltx.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.optim.OptimFixtures.Setup;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdamWTest {

    static Stream<Setup> setups() {
        return OptimFixtures.setups();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void constantGradientMovesLrPerStepThanksToBiasCorrection(Setup s) {
        // With a constant gradient g the bias-corrected moments are exactly g and g², so every step
        // moves by lr·g/(|g| + eps): p = 1 − 0.1·k (for g = 2 the eps term shifts it by ~5e-10).
        Var p = s.param(new double[] {1.0, -1.0}, Shape.of(2));
        Var w = Var.constant(s.tensor(new double[] {2.0, -0.5}, Shape.of(2)));
        AdamW opt = new AdamW(List.of(p), AdamWConfig.of(0.1, 0.0));
        for (int k = 1; k <= 3; k++) {
            opt.zeroGrad();
            F.sum(F.mul(w, p)).backward();
            opt.step();
            assertArrayEquals(new double[] {1.0 - 0.1 * k, -1.0 + 0.1 * k}, p.value().toDoubles(), 1e-6, "step " + k);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void decoupledWeightDecayScalesTheParameterByOneMinusLrWd(Setup s) {
        // p = 2: decay 2·(1 − 0.1·0.5) = 1.9, then the Adam step −0.1 → 1.8;
        // step 2: 1.8·0.95 = 1.71, −0.1 → 1.61 (the decay never enters the moments).
        Var p = s.param(new double[] {2.0}, Shape.of(1));
        AdamW opt = new AdamW(List.of(p), AdamWConfig.of(0.1, 0.5));
        double[] expected = {1.8, 1.61};
        for (int k = 0; k < 2; k++) {
            opt.zeroGrad();
            F.sum(p).backward();
            opt.step();
            assertEquals(expected[k], p.value().toDoubles()[0], 1e-6, "step " + k);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void firstStepHandComputedWithDifferentBetas(Setup s) {
        // β1 0.5, β2 0.75, eps 0.1, g = 3: m = 1.5, v = 2.25; m̂ = 3, v̂ = 9; step = 0.2·3/(3 + 0.1)
        // second step with g = 1: m = 0.75 + 0.5 = 1.25, m̂ = 1.25/0.75; v = 1.6875 + 0.25 = 1.9375,
        // v̂ = 1.9375/0.4375
        Var p = s.param(new double[] {0.0}, Shape.of(1));
        AdamW opt = new AdamW(List.of(p), new AdamWConfig(0.2, 0.5, 0.75, 0.1, 0.0));
        F.scale(F.sum(p), 3.0).backward();
        opt.step();
        double p1 = -0.2 * 3 / (3 + 0.1);
        assertEquals(p1, p.value().toDoubles()[0], 1e-6);
        opt.zeroGrad();
        F.sum(p).backward();
        opt.step();
        double p2 = p1 - 0.2 * (1.25 / 0.75) / (Math.sqrt(1.9375 / 0.4375) + 0.1);
        assertEquals(p2, p.value().toDoubles()[0], 1e-6);
    }

    static Stream<AdamWConfig> configs() {
        return Stream.of(
                AdamWConfig.of(1e-2, 0.0),
                AdamWConfig.of(1e-2, 1e-2),
                AdamWConfig.of(3e-2, 0.5).withBetas(0.8, 0.95).withEps(1e-3));
    }

    @Test
    void matchesTorchAlgorithmOverSeveralStepsWithChangingLr() {
        setups().forEach(s -> configs().forEach(c -> checkAgainstOracle(s, c)));
    }

    /** As in the SGD test: the second parameter starts late, so its bias correction starts at t = 1. */
    private static void checkAgainstOracle(Setup s, AdamWConfig config) {
        Rng rng = new Rng(11);
        int n = 41;
        double[] p0 = OptimFixtures.asStored(SgdTest.random(rng, n), s.dtype());
        double[] q0 = OptimFixtures.asStored(SgdTest.random(rng, 6), s.dtype());
        double[] c = SgdTest.random(rng, n);
        double[] a = SgdTest.random(rng, n);
        double[] cq = SgdTest.random(rng, 6);
        double[] aq = SgdTest.random(rng, 6);
        Var p = s.param(p0, Shape.of(n));
        Var q = s.param(q0, Shape.of(3, 2));
        AdamW opt = new AdamW(List.of(p, q), config);
        double[] pRef = p0.clone();
        double[] qRef = q0.clone();
        TorchOracle.AdamState ps = new TorchOracle.AdamState();
        TorchOracle.AdamState qs = new TorchOracle.AdamState();
        for (int k = 0; k < 6; k++) {
            double lr = config.lr() * (1.0 + 0.2 * k);
            opt.setLearningRate(lr);
            opt.zeroGrad();
            OptimFixtures.backwardQuadratic(p, c, a);
            TorchOracle.adamWStep(pRef, OptimFixtures.quadraticGrad(pRef, c, a), ps, lr, config.beta1(), config.beta2(),
                    config.eps(), config.weightDecay());
            if (k >= 3) {
                OptimFixtures.backwardQuadratic(q, cq, aq);
                TorchOracle.adamWStep(qRef, OptimFixtures.quadraticGrad(qRef, cq, aq), qs, lr, config.beta1(),
                        config.beta2(), config.eps(), config.weightDecay());
            }
            opt.step();
            s.assertClose(pRef, p.value(), config + " step " + k + " p");
            s.assertClose(qRef, q.value(), config + " step " + k + " q");
        }
        assertEquals(6L, opt.stateDict().get("state.0.step").item());
        assertEquals(3L, opt.stateDict().get("state.1.step").item());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        int n = 70_001;
        Rng rng = new Rng(5);
        double[] p0 = SgdTest.random(rng, n);
        double[] c = SgdTest.random(rng, n);
        double[] a = SgdTest.random(rng, n);
        float[][] results = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            CpuBackend b = new CpuBackend(CpuBackend.Mode.FAST, threads);
            Var p = Var.param(b.cast(b.fromDoubles(p0, Shape.of(n)), DType.F32));
            AdamW opt = new AdamW(List.of(p), AdamWConfig.of(1e-3, 1e-4));
            for (int k = 0; k < 3; k++) {
                OptimFixtures.backwardQuadratic(p, c, a);
                opt.step();
            }
            results[threads - 1] = p.value().toFloats();
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void invalidSettingsThrow() {
        assertThrows(IllegalArgumentException.class, () -> AdamWConfig.of(-1e-3, 0));
        assertThrows(IllegalArgumentException.class, () -> AdamWConfig.of(1e-3, -1));
        assertThrows(IllegalArgumentException.class, () -> AdamWConfig.of(1e-3, 0).withBetas(1.0, 0.999));
        assertThrows(IllegalArgumentException.class, () -> AdamWConfig.of(1e-3, 0).withBetas(0.9, -0.1));
        assertThrows(IllegalArgumentException.class, () -> AdamWConfig.of(1e-3, 0).withEps(0));
        Tensor t = CpuBackend.reference().fromDoubles(new double[] {1}, Shape.of(1));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(Var.constant(t)), AdamWConfig.of(1e-3, 0)));
    }
}
