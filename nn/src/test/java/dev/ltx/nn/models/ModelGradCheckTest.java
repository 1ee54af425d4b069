package dev.ltx.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.F;
import dev.ltx.autograd.GradCheck;
import dev.ltx.autograd.Var;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * End-to-end F64 gradient checks of tiny versions of every model: mean cross-entropy of the
 * logits, differentiated with respect to the input and every parameter (a seeded subset of
 * entries per tensor).
 */
class ModelGradCheckTest {
    private static final GradCheck.Options OPTS = GradCheck.Options.defaults().withTolerance(1e-7, 1e-5)
            .withSubset(3, 21);
    private final Backend b = CpuBackend.reference();

    private void check(ModelConfig c, int batch) {
        Module m = Models.build(c, LayerInit.seeded(b, DType.F64, 8));
        Tensor x = Init.uniform(b, Shape.of(batch, c.inChannels(), c.imageSize(), c.imageSize()), DType.F64, -1, 1,
                new Rng(4));
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % c.numClasses();
        }
        Tensor y = b.fromInts(labels, Shape.of(batch));
        assertEquals(Shape.of(batch, c.numClasses()), m.forward(Var.constant(x)).shape());
        ModuleGradCheck.Result r = ModuleGradCheck.check(m, x, logits -> F.crossEntropy(logits, y), OPTS);
        assertTrue(r.ok(), c.kind() + ": " + r);
        assertTrue(r.checked() > m.parameters().size(), "too few entries checked: " + r);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void mlp(Activation act) {
        check(ModelConfig.defaults(ModelKind.MLP).withInput(1, 3).withMlp(8, act, true).withNumClasses(4), 3);
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"CONV4", "CONV6", "CONV8"})
    void convNets(ModelKind kind) {
        check(ModelConfig.defaults(kind).withInput(3, 8).withWidthFactor(1.0 / 16).withNumClasses(3), 2);
    }

    @Test
    void resnet18CifarStem() {
        check(ModelConfig.defaults(ModelKind.RESNET18_32).withInput(3, 8).withWidthFactor(1.0 / 16).withNumClasses(3), 3);
    }

    @Test
    void resnet18ImageNetStem() {
        check(ModelConfig.defaults(ModelKind.RESNET18_224).withInput(2, 16).withWidthFactor(1.0 / 32).withNumClasses(3), 3);
    }
}
