package dev.ltx.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that starts from a pre-trained checkpoint with a fresh head (the pre-trained scenario's θ₀). */
class PretrainedStartTest {
    private static final CpuBackend CPU = new CpuBackend(CpuBackend.Mode.FAST, 2);

    @TempDir
    Path tmp;

    @Test
    void epochMinusOneIsTheBackboneOfThePretrainedRunAndAHeadDrawnFromTheHeadSeed() throws IOException {
        Path pre = tmp.resolve("pre");
        TrainerTest.train(TrainerTest.mlp(5, 2, List.of(-1)), pre);
        Path checkpoint = RunFolder.open(pre).checkpointFile(1);
        TrainConfig ft = TrainerTest.mlp(777, 2, List.of(-1)).toBuilder()
                .pretrained(new PretrainedStart(checkpoint, PretrainedStart.officialHeadSeed(777))).build();
        Path run = tmp.resolve("ft");
        String log = TrainerTest.train(ft, run);

        RunFolder folder = RunFolder.open(run);
        assertTrue(folder.isFinished(), log);
        assertEquals(ft, folder.config(), "config.json keeps the pre-trained start");
        Map<String, Tensor> start = folder.loadCheckpoint(-1, CPU);
        Map<String, Tensor> backbone = RunFolder.open(pre).loadCheckpoint(1, CPU);
        Map<String, Tensor> headSource = Models.build(ft.model(), LayerInit.seeded(CPU, DType.F32, 1555)).stateDict();
        Map<String, Tensor> seedInit = Models.build(ft.model(), LayerInit.seeded(CPU, DType.F32, 777)).stateDict();
        Set<String> head = Models.headParameterNames(Models.build(ft.model(), LayerInit.seeded(CPU, DType.F32, 1)));
        assertEquals(Set.of("linear2.weight", "linear2.bias"), head, "the MLP's output layer");
        for (Map.Entry<String, Tensor> e : start.entrySet()) {
            float[] got = e.getValue().toFloats();
            if (head.contains(e.getKey())) {
                assertArrayEquals(headSource.get(e.getKey()).toFloats(), got, 0f, e.getKey() + " from seed 1555");
                assertFalse(java.util.Arrays.equals(backbone.get(e.getKey()).toFloats(), got), e.getKey());
            } else {
                assertArrayEquals(backbone.get(e.getKey()).toFloats(), got, 0f, e.getKey() + " pre-trained");
                assertFalse(java.util.Arrays.equals(seedInit.get(e.getKey()).toFloats(), got), e.getKey());
            }
        }
    }

    @Test
    void itRoundTripsThroughJsonAndAbsentMeansRandomInit() {
        TrainConfig plain = TrainerTest.mlp(1, 1, List.of(-1));
        assertEquals(null, TrainConfigJson.fromJson(TrainConfigJson.toJson(plain)).pretrained());
        TrainConfig pre = plain.toBuilder().pretrained(new PretrainedStart(Path.of("a/../b.safetensors"), 9)).build();
        assertEquals(Path.of("b.safetensors").toAbsolutePath(), pre.pretrained().checkpoint());
        assertEquals(pre, TrainConfigJson.fromJson(TrainConfigJson.toJson(pre)));
    }

    @Test
    void aMissingOrUnfittingCheckpointNamesTheFile() throws IOException {
        TrainConfig missing = TrainerTest.mlp(1, 1, List.of(-1)).toBuilder()
                .pretrained(new PretrainedStart(tmp.resolve("none.safetensors"), 3)).build();
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TrainerTest.train(missing, tmp.resolve("a")));
        assertTrue(e.getMessage().contains("none.safetensors"), e.getMessage());

        Path pre = tmp.resolve("pre");
        TrainerTest.train(TrainerTest.mlp(5, 1, List.of(-1)), pre);
        TrainConfig wider = TrainerTest.mlp(1, 1, List.of(-1));
        wider = wider.toBuilder().model(wider.model().withMlp(64, wider.model().activation(), true))
                .pretrained(new PretrainedStart(RunFolder.open(pre).checkpointFile(0), 3)).build();
        TrainConfig w = wider;
        IllegalArgumentException bad = assertThrows(dev.ltx.nn.io.StrictLoad.StateDictMismatchException.class,
                () -> TrainerTest.train(w, tmp.resolve("b")));
        assertTrue(bad.getMessage().contains("(pre-trained backbone for mlp): state dict does not match"), bad.getMessage());
        assertTrue(Files.exists(RunFolder.open(pre).checkpointFile(0)), "the pre-trained run is untouched");
    }

    @Test
    void everyModelsHeadIsItsClassLogitsLayer() {
        for (ModelKind kind : ModelKind.values()) {
            var config = dev.ltx.nn.models.ModelConfig.defaults(kind).withWidthFactor(kind == ModelKind.MLP ? 1 : 0.0625)
                    .withNumClasses(7);
            if (kind == ModelKind.MLP) {
                config = config.withMlp(16, config.activation(), true);
            }
            var model = Models.build(config, LayerInit.seeded(CPU, DType.F32, 1));
            Set<String> head = Models.headParameterNames(model);
            assertFalse(head.isEmpty(), kind.toString());
            for (String name : head) {
                Tensor t = model.stateDict().get(name);
                assertEquals(7, t.shape().dim(0), kind + " " + name + " has the class axis first");
            }
            assertTrue(head.stream().anyMatch(n -> n.endsWith("weight")), kind + ": " + head);
        }
    }
}
