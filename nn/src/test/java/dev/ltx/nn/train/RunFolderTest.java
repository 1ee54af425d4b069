package dev.ltx.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    private static final CpuBackend CPU = CpuBackend.reference();

    @TempDir
    Path tmp;

    static Stream<TrainConfig> configs() {
        return Stream.of(
                TrainConfig.builder(ModelKind.MLP, DatasetKind.MNIST)
                        .model(ModelConfig.defaults(ModelKind.MLP).withMlp(256, Activation.NONE, true)).build(),
                TrainConfig.builder(ModelKind.CONV8, DatasetKind.CIFAR100).epochs(30).classSubset(3)
                        .dataDir(Path.of("/data/cifar")).augmentation(AugmentationPipeline.CIFAR_CROP_FLIP)
                        .optimizer(new OptimizerSettings(OptimizerKind.ADAMW, 0.9, 1e-4, false, 0.8, 0.99, 1e-6))
                        .schedule(new LrSchedule.WarmupCosine(0.05, 2, 30)).seed(-3).splitSeed(1).threads(2)
                        .logEvery(7).checkpointEpochs(List.of(-1, 29)).build(),
                TrainConfig.builder(ModelKind.RESNET18_32, DatasetKind.CIFAR10).epochs(4)
                        .model(ModelConfig.defaults(ModelKind.RESNET18_32).withWidthFactor(0.1))
                        .optimizer(new OptimizerSettings(OptimizerKind.SGD, 0.9, 5e-4, true, 0.9, 0.999, 1e-8))
                        .schedule(new LrSchedule.LinearWarmup(10, new LrSchedule.MultiStep(0.1, List.of(2, 3), 0.1)))
                        .build());
    }

    @Test
    void configJsonRoundTripsExactly() throws IOException {
        for (TrainConfig c : configs().toList()) {
            String text = RunFolder.JSON.writeValueAsString(TrainConfigJson.toJson(c));
            assertEquals(c, TrainConfigJson.fromJson(RunFolder.JSON.readTree(text)), text);
        }
    }

    @Test
    void writtenFilesReadBack() throws IOException {
        TrainConfig config = configs().toList().get(1);
        RunFolder f = RunFolder.create(tmp.resolve("run"));
        f.writeConfig(config);
        RunMetadata meta = new RunMetadata("dev", "17", "cpu", "cifar100-split3", "ab", 4500, 500, 1000, 12L,
                "2024-01-01T00:00:00Z", null, RunMetadata.RUNNING, null, null);
        f.writeMetadata(meta);
        List<EpochMetrics> metrics = List.of(new EpochMetrics(0, 0.05, 2.1, 20.5, 1.9, 30.25, 36, 1.5, 3000),
                new EpochMetrics(1, 0.025, 1.1, 60.125, 1.2, 55.0, 36, 1.25, 3600));
        f.writeMetrics(metrics);
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("b.weight", CPU.fromFloats(new float[] {1.5f, -2f}, Shape.of(2)));
        state.put("a.running_mean", CPU.fromDoubles(new double[] {0.25}, Shape.of(1)));
        f.saveCheckpoint(-1, state, Map.of("epoch", "-1"));
        f.saveCheckpoint(10, state, Map.of());
        f.saveCheckpoint(2, state, Map.of());
        Files.writeString(f.path().resolve(RunFolder.CHECKPOINTS).resolve("epoch_x.safetensors"), "ignored");

        RunFolder g = RunFolder.open(tmp.resolve("run"));
        assertEquals(config, g.config());
        assertEquals(meta, g.metadata().orElseThrow());
        assertFalse(g.isFinished());
        assertEquals(metrics, g.metrics());
        assertEquals(List.of(-1, 2, 10), g.checkpointEpochs());
        Map<String, Tensor> back = g.loadCheckpoint(-1, CPU);
        assertEquals(List.of("b.weight", "a.running_mean"), List.copyOf(back.keySet()));
        assertArrayEquals(new double[] {1.5, -2}, back.get("b.weight").toDoubles());
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> g.loadCheckpoint(3, CPU));
        assertTrue(missing.getMessage().contains("[-1, 2, 10]"), missing.getMessage());

        f.writeMetadata(meta.finish("2024-01-01T01:00:00Z", 0.5, 88.5));
        assertTrue(g.isFinished());
        assertEquals(88.5, g.metadata().orElseThrow().testAccuracy());
        try (Stream<Path> files = Files.list(f.path())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void openingAFolderWithoutConfigFails() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> RunFolder.open(empty));
        assertTrue(e.getMessage().contains("not a run folder"), e.getMessage());
        assertFalse(RunFolder.exists(empty));
        assertTrue(RunFolder.create(empty).metrics().isEmpty());
    }

    @Test
    void aCorruptConfigIsReportedWithItsFile() throws IOException {
        RunFolder f = RunFolder.create(tmp.resolve("bad"));
        f.writeConfig(configs().toList().get(0));
        Path config = f.path().resolve(RunFolder.CONFIG);
        Files.writeString(config, Files.readString(config).replace("\"epochs\" : 10", "\"epochs\" : \"ten\""));
        IOException e = assertThrows(IOException.class, f::config);
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("'epochs'"), e.getMessage());
    }
}
