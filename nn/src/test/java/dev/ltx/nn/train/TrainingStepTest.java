package dev.ltx.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.Var;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.optim.Optimizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The divergence policy of one step: stop or skip, and never an update from non-finite numbers. */
class TrainingStepTest {
    private static final CpuBackend CPU = new CpuBackend(CpuBackend.Mode.REFERENCE, 1);

    private static Module model() {
        return Models.build(ModelConfig.defaults(ModelKind.MLP).withMlp(8, Activation.RELU, true),
                LayerInit.seeded(CPU, DType.F32, 3));
    }

    private static Batch batch(float value) {
        float[] x = new float[2 * 28 * 28];
        java.util.Arrays.fill(x, 0.1f);
        x[5] = value;
        return new Batch(CPU.fromFloats(x, Shape.of(2, 1, 28, 28)), CPU.fromInts(new int[] {1, 3}, Shape.of(2)));
    }

    private static float[] flat(Module m) {
        return m.parameters().stream().map(v -> v.value().toFloats()).reduce(new float[0], (a, b) -> {
            float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        });
    }

    @Test
    void aFiniteStepUpdates() {
        Module m = model();
        Optimizer o = OptimizerSettings.sgd(0.9, 0).build(m.parameters(), 0.1);
        float[] before = flat(m);
        TrainingStep.Outcome r = TrainingStep.run(m, o, batch(0.1f), CPU, 0, 0, DivergencePolicy.STOP);
        assertFalse(r.skipped());
        assertTrue(Double.isFinite(r.loss()));
        assertFalse(java.util.Arrays.equals(before, flat(m)));
    }

    @Test
    void aNonFiniteLossStopsOrIsSkippedWithoutAnyUpdate() {
        Module m = model();
        Optimizer o = OptimizerSettings.sgd(0.9, 0).build(m.parameters(), 0.1);
        Var bias = m.parameters().get(m.parameters().size() - 1);
        float[] nan = bias.value().toFloats();
        nan[0] = Float.NaN;
        CPU.copyInto(bias.value(), CPU.fromFloats(nan, bias.value().shape()));
        float[] before = flat(m);
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> TrainingStep.run(m, o, batch(0.1f), CPU, 4, 321, DivergencePolicy.STOP));
        assertEquals(DivergenceException.Where.LOSS, e.where());
        assertTrue(e.getMessage().contains("at epoch 4, step 321"), e.getMessage());
        TrainingStep.Outcome r = TrainingStep.run(m, o, batch(0.1f), CPU, 4, 322, DivergencePolicy.SKIP_STEP);
        assertTrue(r.skipped());
        assertArrayEquals(before, flat(m));
        assertEquals(Map.of(), o.stateDict(), "no optimizer state from a skipped step");
        for (Var p : m.parameters()) {
            assertEquals(null, p.grad(), "gradients dropped");
        }
    }

    @Test
    void reluHidesANaNInputFromTheLossButNotFromTheGradient() {
        Module m = model();
        Optimizer o = OptimizerSettings.sgd(0.9, 0).build(m.parameters(), 0.1);
        float[] before = flat(m);
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> TrainingStep.run(m, o, batch(Float.NaN), CPU, 2, 7, DivergencePolicy.STOP));
        assertEquals(DivergenceException.Where.GRADIENT, e.where());
        assertTrue(e.getMessage().startsWith("gradient of tensor 'linear1.weight' has "), e.getMessage());
        assertTrue(e.getMessage().contains("at epoch 2, step 7"), e.getMessage());
        assertArrayEquals(before, flat(m));
    }

    @Test
    void aNonFiniteGradientWithAFiniteLossIsCaught() {
        Module m = model();
        // an infinite weight on an input pixel that is 0 keeps the loss finite, but its gradient is NaN
        // wherever the upstream gradient meets the infinite weight
        Var w = m.parameters().get(2);
        float[] v = w.value().toFloats();
        v[0] = Float.POSITIVE_INFINITY;
        Var first = m.parameters().get(0);
        float[] f = first.value().toFloats();
        List<Var> params = m.parameters();
        Optimizer o = OptimizerSettings.sgd(0.9, 0).build(params, 0.1);
        CPU.copyInto(w.value(), CPU.fromFloats(v, w.value().shape()));
        TrainingStep.Outcome r;
        try {
            r = TrainingStep.run(m, o, batch(0.1f), CPU, 0, 0, DivergencePolicy.SKIP_STEP);
        } catch (DivergenceException e) {
            throw new AssertionError("skip-step never throws for one step", e);
        }
        assertTrue(r.skipped(), "infinite weight: the loss or a gradient is not finite");
        assertArrayEquals(f, first.value().toFloats());
    }
}
