package dev.ltx.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import dev.ltx.nn.layers.BasicBlock;
import dev.ltx.nn.layers.BatchNorm2d;
import dev.ltx.nn.layers.Conv2d;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter counts of the paper's models and their PyTorch (official-code) state-dict names. */
class ModelStructureTest {
    private final Backend b = CpuBackend.create();

    private Module build(ModelConfig c) {
        return Models.build(c, LayerInit.seeded(b, DType.F32, 0));
    }

    @Test
    void mlpCountAndNames() {
        Module m = build(ModelConfig.defaults(ModelKind.MLP));
        assertEquals(784L * 4096 + 4096L * 10, m.parameterCount());
        assertEquals(3_252_224L, m.parameterCount());
        assertEquals(List.of("linear1.weight", "linear2.weight"), List.copyOf(m.stateDict().keySet()));
        assertEquals(Shape.of(4096, 784), m.stateDict().get("linear1.weight").shape());
        Module withBias = build(ModelConfig.defaults(ModelKind.MLP).withMlp(16, Activation.NONE, true));
        assertEquals(List.of("linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"),
                List.copyOf(withBias.stateDict().keySet()));
    }

    @Test
    void conv8CountAndNames() {
        Module m = build(ModelConfig.defaults(ModelKind.CONV8));
        assertEquals(4_885_066L, m.parameterCount());
        List<String> weights = m.namedParameters().stream().map(NamedParameter::name)
                .filter(n -> n.endsWith(".weight")).toList();
        assertEquals(List.of("convs.0.weight", "convs.2.weight", "convs.5.weight", "convs.7.weight",
                "convs.10.weight", "convs.12.weight", "convs.15.weight", "convs.17.weight",
                "linear.0.weight", "linear.2.weight", "linear.4.weight"), weights);
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(22, sd.size());
        assertEquals(Shape.of(64, 3, 3, 3), sd.get("convs.0.weight").shape());
        assertEquals(Shape.of(512, 512, 3, 3), sd.get("convs.17.weight").shape());
        assertEquals(Shape.of(256, 512, 1, 1), sd.get("linear.0.weight").shape());
        assertEquals(Shape.of(10), sd.get("linear.4.bias").shape());
    }

    @Test
    void conv4AndConv6Counts() {
        // Conv4: convs 3-64-64-128-128, head 128·8·8 → 256 → 256 → 10, all with bias.
        long conv4 = (3 * 64 * 9 + 64) + (64 * 64 * 9 + 64) + (64 * 128 * 9 + 128) + (128 * 128 * 9 + 128)
                + (8192L * 256 + 256) + (256 * 256 + 256) + (256 * 10 + 10);
        assertEquals(conv4, build(ModelConfig.defaults(ModelKind.CONV4)).parameterCount());
        // Conv6: convs 3-64-64-128-128-256-256, head 256 → 256 → 256 → 10.
        long conv6 = (3 * 64 * 9 + 64) + (64 * 64 * 9 + 64) + (64 * 128 * 9 + 128) + (128 * 128 * 9 + 128)
                + (128 * 256 * 9 + 256) + (256 * 256 * 9 + 256) + 2 * (256 * 256 + 256) + (256 * 10 + 10);
        assertEquals(conv6, build(ModelConfig.defaults(ModelKind.CONV6)).parameterCount());
        Module conv4Gray = build(ModelConfig.defaults(ModelKind.CONV4).withInput(1, 32));
        assertEquals(conv4 - 2 * 64 * 9, conv4Gray.parameterCount());
        assertTrue(((ConvNet) build(ModelConfig.defaults(ModelKind.CONV4))).headMixesPositions());
        assertFalse(((ConvNet) build(ModelConfig.defaults(ModelKind.CONV6))).headMixesPositions());
    }

    @Test
    void resnet18CountsAndNames() {
        Module m = build(ModelConfig.defaults(ModelKind.RESNET18_224));
        assertEquals(11_689_512L, m.parameterCount());
        assertEquals(11_277_060L, build(ModelConfig.defaults(ModelKind.RESNET18_224).withNumClasses(196)).parameterCount());
        assertEquals(11_279_112L, build(ModelConfig.defaults(ModelKind.RESNET18_224).withNumClasses(200)).parameterCount());
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(62, m.namedParameters().size());
        assertEquals(122, sd.size());
        assertEquals(Shape.of(64, 3, 7, 7), sd.get("convnb1.conv.weight").shape());
        assertEquals(Shape.of(64), sd.get("convnb1.norm.running_mean").shape());
        assertEquals(DType.I64, sd.get("layer1.0.convnb1.norm.num_batches_tracked").dtype());
        assertEquals(Shape.of(64, 64, 3, 3), sd.get("layer1.1.convnb2.conv.weight").shape());
        assertEquals(Shape.of(128, 64, 1, 1), sd.get("layer2.0.shortcut.conv.weight").shape());
        assertEquals(Shape.of(512), sd.get("layer4.0.shortcut.norm.running_var").shape());
        assertEquals(Shape.of(1000, 512), sd.get("linear.weight").shape());
        assertEquals(Shape.of(1000), sd.get("linear.bias").shape());
        assertFalse(sd.keySet().stream().anyMatch(n -> n.startsWith("layer1.0.shortcut")));
        assertFalse(sd.keySet().stream().anyMatch(n -> n.contains(".1.shortcut")));
        List<String> first = List.copyOf(sd.keySet()).subList(0, 7);
        assertEquals(List.of("convnb1.conv.weight", "convnb1.norm.weight", "convnb1.norm.bias",
                "convnb1.norm.running_mean", "convnb1.norm.running_var", "convnb1.norm.num_batches_tracked",
                "layer1.0.convnb1.conv.weight"), first);
    }

    @Test
    void resnet18CifarStem() {
        ResNet18 m = (ResNet18) build(ModelConfig.defaults(ModelKind.RESNET18_32));
        assertEquals(Shape.of(64, 3, 3, 3), m.stateDict().get("convnb1.conv.weight").shape());
        assertEquals(11_689_512L - 64 * 3 * (49 - 9) - 990 * 513, m.parameterCount());
        assertEquals(8, m.modules(BasicBlock.class).size());
        assertEquals(20, m.modules(BatchNorm2d.class).size());
        assertEquals(20, m.modules(Conv2d.class).size());
        assertEquals(3, m.modules(BasicBlock.class).stream().filter(bb -> bb.projection().isPresent()).count());
    }

    @Test
    void modelKindParsingAndConfigValidation() {
        assertEquals(ModelKind.CONV8, ModelKind.parse("Conv8"));
        assertEquals(ModelKind.RESNET18_224, ModelKind.parse("resnet18"));
        assertEquals(ModelKind.RESNET18_32, ModelKind.parse("resnet18-32"));
        assertEquals(ModelKind.MLP, ModelKind.parse(" mlp "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelKind.parse("vgg16"));
        assertTrue(e.getMessage().contains("vgg16") && e.getMessage().contains("conv8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.defaults(ModelKind.CONV8).withWidthFactor(0));
        assertThrows(IllegalArgumentException.class, () -> build(ModelConfig.defaults(ModelKind.CONV8).withInput(3, 12)));
    }
}
