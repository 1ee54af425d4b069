package dev.ltx.nn.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.GradCheck;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Init;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.ModuleGradCheck;
import org.junit.jupiter.api.Test;

/** F64 finite-difference checks of every layer's input and parameter gradients. */
class LayerGradCheckTest {
    private static final GradCheck.Options OPTS = GradCheck.Options.defaults().withTolerance(1e-7, 1e-5);
    private final Backend b = CpuBackend.reference();
    private final Rng rng = new Rng(99);
    private final LayerInit init = new LayerInit(b, DType.F64, new Rng(3));

    private Tensor random(int... dims) {
        return Init.uniform(b, Shape.of(dims), DType.F64, -1, 1, rng);
    }

    private static void assertGradients(Module m, Tensor x) {
        ModuleGradCheck.Result r = ModuleGradCheck.checkWeightedSum(m, x, OPTS);
        assertTrue(r.ok(), m + ": " + r);
    }

    @Test
    void linear() {
        assertGradients(new Linear(init, 4, 3, true), random(3, 4));
        assertGradients(new Linear(init, 4, 2, false), random(2, 4));
    }

    @Test
    void conv2d() {
        assertGradients(new Conv2d(init, 2, 3, 3, 2, 1, true), random(2, 2, 5, 5));
        assertGradients(new Conv2d(init, 2, 2, 1, 1, 0, false), random(1, 2, 3, 3));
    }

    @Test
    void batchNormTrainAndEval() {
        BatchNorm2d bn = new BatchNorm2d(init, 3);
        assertGradients(bn, random(2, 3, 2, 3));
        bn.eval();
        assertGradients(bn, random(2, 3, 2, 3));
    }

    @Test
    void statelessLayers() {
        // Shifted away from 0 so no ReLU kink or max-pool tie sits within the finite-difference step.
        Tensor x = b.addScalar(random(2, 2, 5, 5), 0.001);
        assertGradients(new ReLU(), x);
        assertGradients(new MaxPool2d(3, 2, 1), x);
        assertGradients(new AvgPool2d(2), x);
        assertGradients(new Flatten(), x);
        assertGradients(new Sequential(new Conv2d(init, 2, 2, 3, 1, 1, true), new ReLU(), new MaxPool2d(2)), x);
    }

    @Test
    void basicBlocks() {
        assertGradients(new BasicBlock(init, 2, 3, 2), random(2, 2, 4, 4));
        assertGradients(new BasicBlock(init, 3, 3, 1), random(2, 3, 3, 3));
    }
}
