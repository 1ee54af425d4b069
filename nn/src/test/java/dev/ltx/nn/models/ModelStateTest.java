package dev.ltx.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.NoGrad;
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
import dev.ltx.nn.io.StrictLoad.StateDictMismatchException;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seeded init is reproducible; state dicts round-trip exactly between models of one config. */
class ModelStateTest {
    private final Backend b = CpuBackend.create();

    private static ModelConfig tiny(ModelKind kind) {
        return switch (kind) {
            case MLP -> ModelConfig.defaults(kind).withInput(1, 4).withMlp(8, Activation.RELU, false);
            case RESNET18_224 -> ModelConfig.defaults(kind).withInput(3, 32).withWidthFactor(1.0 / 16).withNumClasses(5);
            default -> ModelConfig.defaults(kind).withInput(3, 8).withWidthFactor(1.0 / 16);
        };
    }

    private Module build(ModelConfig c, long seed) {
        return Models.build(c, LayerInit.seeded(b, DType.F32, seed));
    }

    private Tensor input(ModelConfig c) {
        return Init.uniform(b, Shape.of(4, c.inChannels(), c.imageSize(), c.imageSize()), DType.F32, -1, 1, new Rng(3));
    }

    private static double[] run(Module m, Tensor x) {
        try (NoGrad ng = NoGrad.enter()) {
            return m.forward(Var.constant(x)).value().toDoubles();
        }
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void sameSeedGivesIdenticalParametersOtherSeedDiffers(ModelKind kind) {
        ModelConfig c = tiny(kind);
        Map<String, Tensor> a = build(c, 101).stateDict();
        Map<String, Tensor> same = build(c, 101).stateDict();
        Map<String, Tensor> other = build(c, 102).stateDict();
        boolean anyDifferent = false;
        for (String name : a.keySet()) {
            assertArrayEquals(a.get(name).toDoubles(), same.get(name).toDoubles(), name);
            anyDifferent |= !Arrays.equals(a.get(name).toDoubles(), other.get(name).toDoubles());
        }
        assertTrue(anyDifferent);
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void stateDictRoundTripGivesIdenticalOutputs(ModelKind kind) {
        ModelConfig c = tiny(kind);
        Tensor x = input(c);
        Module source = build(c, 1);
        run(source, x);  // a training-mode pass moves BN running statistics off their initial values
        Module target = build(c, 2);
        assertFalse(Arrays.equals(run(source, x), run(target, x)));
        target.loadStateDict(source.stateDictCopy(), true);
        assertArrayEquals(run(source, x), run(target, x), "training mode");
        source.eval();
        target.eval();
        assertArrayEquals(run(source, x), run(target, x), "evaluation mode");
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"CONV8", "RESNET18_32"})
    void safetensorsCheckpointRoundTrip(ModelKind kind, @TempDir Path dir) throws IOException {
        ModelConfig c = tiny(kind);
        Tensor x = input(c);
        Module source = build(c, 1);
        run(source, x);
        source.eval();
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, source.stateDict());
        Module target = build(c, 2);
        target.eval();
        target.loadStateDict(SafetensorsReader.read(file, b).tensors(), true);
        assertArrayEquals(run(source, x), run(target, x));
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"CONV6", "RESNET18_32", "MLP"})
    void strictLoadOfAnotherArchitectureNamesTheDifferences(ModelKind kind) {
        Module conv8 = build(tiny(ModelKind.CONV8), 1);
        Module other = build(tiny(kind), 1);
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                () -> other.loadStateDict(conv8.stateDict(), true));
        assertFalse(e.missing().isEmpty() && e.unexpected().isEmpty() && e.mismatched().isEmpty());
        assertTrue(e.unexpected().contains("convs.17.weight") || e.mismatched().stream().anyMatch(s -> s.contains("convs")),
                e.getMessage());
    }
}
