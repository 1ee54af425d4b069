package dev.ltx.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class SgdTest {

    static Stream<Setup> setups() {
        return OptimFixtures.setups();
    }

    /** A one-element parameter at 1 whose loss is sum(p), so every gradient is exactly 1. */
    private static double[] runUnitGradient(Setup s, SgdConfig config, int steps) {
        Var p = s.param(new double[] {1.0}, Shape.of(1));
        Sgd opt = new Sgd(List.of(p), config);
        double[] trace = new double[steps];
        for (int k = 0; k < steps; k++) {
            opt.zeroGrad();
            F.sum(p).backward();
            opt.step();
            trace[k] = p.value().toDoubles()[0];
        }
        return trace;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void handComputedMomentum(Setup s) {
        // buf: 1, 1.9, 2.71; p: 1 − 0.1·1 = 0.9, 0.9 − 0.19 = 0.71, 0.71 − 0.271 = 0.439
        double[] got = runUnitGradient(s, SgdConfig.of(0.1).withMomentum(0.9), 3);
        assertArrayEquals(new double[] {0.9, 0.71, 0.439}, got, 1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void handComputedNesterov(Setup s) {
        // step 1: buf 1, d = 1 + 0.9·1 = 1.9, p = 0.81; step 2: buf 1.9, d = 1 + 1.71 = 2.71, p = 0.539
        double[] got = runUnitGradient(s, SgdConfig.of(0.1).withMomentum(0.9).withNesterov(true), 2);
        assertArrayEquals(new double[] {0.81, 0.539}, got, 1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void handComputedDampening(Setup s) {
        // the first step ignores dampening: buf 1, p 0.9; then buf = 0.9·1 + 0.5·1 = 1.4, p = 0.76
        double[] got = runUnitGradient(s, SgdConfig.of(0.1).withMomentum(0.9).withDampening(0.5), 2);
        assertArrayEquals(new double[] {0.9, 0.76}, got, 1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void handComputedWeightDecay(Setup s) {
        // d = 1 + 0.1·1 = 1.1, p = 0.89; d = 1 + 0.089 = 1.089, p = 0.89 − 0.1089 = 0.7811
        double[] plain = runUnitGradient(s, SgdConfig.of(0.1).withWeightDecay(0.1), 2);
        assertArrayEquals(new double[] {0.89, 0.7811}, plain, 1e-6);
        // with momentum 0.9: buf 1.1, p 0.89; buf = 0.99 + 1.089 = 2.079, p = 0.89 − 0.2079 = 0.6821
        double[] momentum = runUnitGradient(s, SgdConfig.paper(0.1, 0.1), 2);
        assertArrayEquals(new double[] {0.89, 0.6821}, momentum, 1e-6);
    }

    static Stream<SgdConfig> configs() {
        return Stream.of(
                SgdConfig.of(0.05),
                SgdConfig.of(0.05).withWeightDecay(0.01),
                SgdConfig.of(0.05).withMomentum(0.9),
                SgdConfig.paper(0.05, 1e-2),
                SgdConfig.of(0.05).withMomentum(0.8).withDampening(0.3).withWeightDecay(0.02),
                SgdConfig.of(0.05).withMomentum(0.9).withDampening(1.0),
                SgdConfig.of(0.05).withMomentum(0.9).withNesterov(true),
                SgdConfig.of(0.05).withMomentum(0.7).withNesterov(true).withWeightDecay(0.05));
    }

    @Test
    void matchesTorchAlgorithmOverSeveralStepsWithChangingLr() {
        setups().forEach(s -> configs().forEach(c -> checkAgainstOracle(s, c)));
    }

    /**
     * Two parameters over six steps with gradient c + a·p from autograd; the second receives no
     * gradient in steps 0 and 1 (skipped, no state) and the learning rate changes every step.
     */
    private static void checkAgainstOracle(Setup s, SgdConfig config) {
        Rng rng = new Rng(7);
        int n = 37;
        double[] p0 = OptimFixtures.asStored(random(rng, n), s.dtype());
        double[] q0 = OptimFixtures.asStored(random(rng, 6), s.dtype());
        double[] c = random(rng, n);
        double[] a = random(rng, n);
        double[] cq = random(rng, 6);
        double[] aq = random(rng, 6);
        Var p = s.param(p0, Shape.of(n));
        Var q = s.param(q0, Shape.of(2, 3));
        Sgd opt = new Sgd(List.of(p, q), config);
        double[] pRef = p0.clone();
        double[] qRef = q0.clone();
        TorchOracle.SgdState ps = new TorchOracle.SgdState();
        TorchOracle.SgdState qs = new TorchOracle.SgdState();
        for (int k = 0; k < 6; k++) {
            double lr = config.lr() * (1.0 - 0.1 * k);
            opt.setLearningRate(lr);
            opt.zeroGrad();
            OptimFixtures.backwardQuadratic(p, c, a);
            TorchOracle.sgdStep(pRef, OptimFixtures.quadraticGrad(pRef, c, a), ps, lr, config.momentum(),
                    config.dampening(), config.weightDecay(), config.nesterov());
            if (k >= 2) {
                OptimFixtures.backwardQuadratic(q, cq, aq);
                TorchOracle.sgdStep(qRef, OptimFixtures.quadraticGrad(qRef, cq, aq), qs, lr, config.momentum(),
                        config.dampening(), config.weightDecay(), config.nesterov());
            }
            opt.step();
            s.assertClose(pRef, p.value(), config + " step " + k + " p");
            s.assertClose(qRef, q.value(), config + " step " + k + " q");
        }
    }

    @Test
    void skippedParameterIsUntouchedAndHasNoState() {
        CpuBackend b = CpuBackend.reference();
        Var p = Var.param(b.fromDoubles(new double[] {1, 2}, Shape.of(2)));
        Var frozen = Var.param(b.fromDoubles(new double[] {3, 4}, Shape.of(2)));
        Sgd opt = new Sgd(List.of(p, frozen), SgdConfig.paper(0.1, 0.5));
        F.sum(p).backward();
        opt.step();
        assertArrayEquals(new double[] {3, 4}, frozen.value().toDoubles());
        assertTrue(opt.stateDict().containsKey("state.0.momentum_buffer"));
        assertTrue(!opt.stateDict().containsKey("state.1.momentum_buffer"));
        opt.zeroGrad();
        assertNull(p.grad());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        int n = 70_001; // large enough to be split over the pool
        Rng rng = new Rng(3);
        double[] p0 = random(rng, n);
        double[] c = random(rng, n);
        double[] a = random(rng, n);
        float[][] results = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            CpuBackend b = new CpuBackend(CpuBackend.Mode.FAST, threads);
            Var p = Var.param(b.cast(b.fromDoubles(p0, Shape.of(n)), DType.F32));
            Sgd opt = new Sgd(List.of(p), SgdConfig.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01));
            for (int k = 0; k < 3; k++) {
                OptimFixtures.backwardQuadratic(p, c, a);
                opt.step();
            }
            results[threads - 1] = p.value().toFloats();
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void invalidSettingsAndParametersThrow() {
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(-0.1));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withMomentum(-1));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withWeightDecay(-1));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withNesterov(true));
        assertThrows(IllegalArgumentException.class,
                () -> SgdConfig.of(0.1).withMomentum(0.9).withDampening(0.1).withNesterov(true));
        CpuBackend b = CpuBackend.reference();
        Tensor t = b.fromDoubles(new double[] {1}, Shape.of(1));
        Var p = Var.param(t);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), SgdConfig.of(0.1)));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(Var.constant(t)), SgdConfig.of(0.1)));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p, p), SgdConfig.of(0.1)));
        Var labels = Var.param(b.fromInts(new int[] {1}, Shape.of(1)));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(labels), SgdConfig.of(0.1)));
        Sgd opt = new Sgd(List.of(p), SgdConfig.of(0.1));
        assertThrows(IllegalArgumentException.class, () -> opt.setLearningRate(Double.POSITIVE_INFINITY));
    }

    static double[] random(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble() * 2 - 1;
        }
        return v;
    }
}
