package dev.ltx.nn.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Compare;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.optim.OptimFixtures.Setup;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both optimizers reach the minimum of a quadratic bowl ½·Σ a_i (p_i − t_i)² with a_i in [0.5, 2]. */
class ConvergenceTest {
    private static final int N = 20;

    static Stream<Setup> setups() {
        return OptimFixtures.setups();
    }

    private record Bowl(double[] target, double[] curvature, double[] start) {
        static Bowl random() {
            Rng rng = new Rng(99);
            double[] t = new double[N];
            double[] a = new double[N];
            double[] p = new double[N];
            for (int i = 0; i < N; i++) {
                t[i] = rng.nextDouble() * 4 - 2;
                a[i] = 0.5 + 1.5 * rng.nextDouble();
                p[i] = rng.nextDouble() * 4 - 2;
            }
            return new Bowl(t, a, p);
        }

        void backward(Setup s, Var p) {
            Var diff = F.sub(p, Var.constant(s.tensor(target, Shape.of(N))));
            Var loss = F.scale(F.sum(F.mul(Var.constant(s.tensor(curvature, Shape.of(N))), F.square(diff))), 0.5);
            loss.backward();
        }
    }

    private static void assertNear(Setup s, double[] expected, Tensor got, double atol, String what) {
        Compare.Result r = Compare.arrays(expected, got.toDoubles(), atol, 0.0);
        assertTrue(r.ok(), s + " " + what + ": " + r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void sgdWithMomentumReachesTheMinimum(Setup s) {
        Bowl bowl = Bowl.random();
        Var p = s.param(bowl.start(), Shape.of(N));
        Sgd opt = new Sgd(List.of(p), SgdConfig.paper(0.1, 0.0));
        for (int k = 0; k < 300; k++) {
            opt.zeroGrad();
            bowl.backward(s, p);
            opt.step();
        }
        assertNear(s, bowl.target(), p.value(), 1e-4, "SGD momentum 0.9");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void sgdWithCoupledWeightDecayReachesTheShiftedMinimum(Setup s) {
        // gradient a·(p − t) + wd·p vanishes at p* = a·t / (a + wd)
        Bowl bowl = Bowl.random();
        double wd = 0.25;
        double[] optimum = new double[N];
        for (int i = 0; i < N; i++) {
            optimum[i] = bowl.curvature()[i] * bowl.target()[i] / (bowl.curvature()[i] + wd);
        }
        Var p = s.param(bowl.start(), Shape.of(N));
        Sgd opt = new Sgd(List.of(p), SgdConfig.of(0.1).withMomentum(0.5).withNesterov(true).withWeightDecay(wd));
        for (int k = 0; k < 300; k++) {
            opt.zeroGrad();
            bowl.backward(s, p);
            opt.step();
        }
        assertNear(s, optimum, p.value(), 1e-4, "Nesterov SGD with weight decay");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void adamWUnderWarmupCosineReachesTheMinimum(Setup s) {
        Bowl bowl = Bowl.random();
        Var p = s.param(bowl.start(), Shape.of(N));
        AdamW opt = new AdamW(List.of(p), AdamWConfig.of(0.1, 0.0));
        int steps = 400;
        LrSchedule schedule = new LrSchedule.WarmupCosine(0.1, 10, steps); // one "epoch" per step here
        for (int k = 0; k < steps; k++) {
            schedule.apply(opt, k, k);
            opt.zeroGrad();
            bowl.backward(s, p);
            opt.step();
        }
        assertNear(s, bowl.target(), p.value(), 1e-3, "AdamW with warmup-cosine");
    }
}
