package dev.ltx.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.optim.LrSchedule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end training on the synthetic dataset (4 classes, chance 25%). */
class TrainerTest {
    private static final CpuBackend CPU = new CpuBackend(CpuBackend.Mode.FAST, 2);

    @TempDir
    Path tmp;

    static TrainConfig mlp(long seed, int epochs, List<Integer> checkpoints) {
        return TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC)
                .model(ModelConfig.defaults(ModelKind.MLP).withMlp(32, Activation.RELU, true))
                .epochs(epochs).batchSize(32).evalBatchSize(100).schedule(new LrSchedule.Constant(0.05))
                .seed(seed).checkpointEpochs(checkpoints).logEvery(10).build();
    }

    static String train(TrainConfig config, Path dir) throws IOException {
        return train(config, dir, CPU);
    }

    static String train(TrainConfig config, Path dir, CpuBackend backend) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new Trainer(config, backend, log).run(dir);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void mlpLearnsAndWritesACompleteRunFolder() throws IOException {
        TrainConfig config = mlp(7, 3, List.of(-1, 0));
        Path dir = tmp.resolve("run");
        String log = train(config, dir);

        RunFolder run = RunFolder.open(dir);
        assertTrue(run.isFinished(), log);
        assertEquals(config, run.config());
        assertEquals(List.of(-1, 0, 2), run.checkpointEpochs(), "requested epochs plus the final one");
        List<EpochMetrics> metrics = run.metrics();
        assertEquals(3, metrics.size());
        assertTrue(metrics.get(2).trainLoss() < 0.7 * metrics.get(0).trainLoss(), "loss falls: " + metrics);
        assertTrue(metrics.get(2).valAccuracy() > 75, "well above the 25% chance level: " + metrics);
        RunMetadata meta = run.metadata().orElseThrow();
        assertTrue(meta.testAccuracy() > 75, meta.toString());
        assertEquals(900, meta.trainSize());
        assertEquals(100, meta.validationSize());
        assertEquals(TrainingData.SYNTHETIC_TEST, meta.testSize());
        assertEquals(64, meta.datasetSha256().length());
        assertEquals(CPU.name(), meta.backend());
        assertTrue(log.contains("epoch 1/3 step 10/29"), log);
        assertTrue(log.contains("epoch 3/3 done: train loss"), log);
        assertTrue(log.contains("finished: test loss"), log);

        for (int epoch : run.checkpointEpochs()) {
            Module fresh = Models.build(config.model(), LayerInit.seeded(CPU, DType.F32, 99));
            Map<String, Tensor> state = run.loadCheckpoint(epoch, CPU);
            fresh.loadStateDict(state, true);
            assertEquals(List.copyOf(fresh.stateDict().keySet()), List.copyOf(state.keySet()));
        }
        Module initial = Models.build(config.model(), LayerInit.seeded(CPU, DType.F32, config.seed()));
        Map<String, Tensor> saved = run.loadCheckpoint(-1, CPU);
        initial.stateDict().forEach((name, t) -> assertArrayEquals(t.toDoubles(), saved.get(name).toDoubles(), name));

        checkMetricsFiles(dir, metrics);
    }

    private static void checkMetricsFiles(Path dir, List<EpochMetrics> metrics) throws IOException {
        JsonNode json = RunFolder.JSON.readTree(dir.resolve(RunFolder.METRICS_JSON).toFile());
        assertTrue(json.isArray());
        assertEquals(metrics.size(), json.size());
        for (int i = 0; i < json.size(); i++) {
            assertEquals(i, json.get(i).get("epoch").intValue());
            assertTrue(json.get(i).get("valAccuracy").isNumber());
        }
        List<String> csv = Files.readAllLines(dir.resolve(RunFolder.METRICS_CSV));
        assertEquals(EpochMetrics.CSV_HEADER, csv.get(0));
        assertEquals(metrics.size() + 1, csv.size());
        for (int i = 1; i < csv.size(); i++) {
            String[] cells = csv.get(i).split(",");
            assertEquals(9, cells.length, csv.get(i));
            assertEquals(i - 1, Integer.parseInt(cells[0]));
            assertEquals(metrics.get(i - 1).valAccuracy(), Double.parseDouble(cells[5]));
        }
    }

    @Test
    void convNetLearnsOnPaddedImages() throws IOException {
        TrainConfig config = TrainConfig.builder(ModelKind.CONV4, DatasetKind.SYNTHETIC)
                .model(ModelConfig.defaults(ModelKind.CONV4).withWidthFactor(0.125))
                .epochs(3).batchSize(32).evalBatchSize(250).optimizer(OptimizerSettings.adamw(0.0))
                .schedule(LrSchedule.WarmupCosine.of(0.01, 3))
                .seed(3).checkpointEpochs(List.of(-1)).logEvery(0).build();
        Path dir = tmp.resolve("conv");
        String log = train(config, dir);
        RunFolder run = RunFolder.open(dir);
        List<EpochMetrics> m = run.metrics();
        assertEquals(List.of(-1, 2), run.checkpointEpochs());
        assertTrue(m.get(2).trainLoss() < m.get(0).trainLoss(), m.toString());
        assertTrue(run.metadata().orElseThrow().testAccuracy() > 60, log);
        assertEquals(0.01, m.get(0).lr(), "cosine starts at lr0");
        assertTrue(m.get(2).lr() < m.get(1).lr() && m.get(1).lr() < 0.01, "cosine decays per epoch: " + m);
        assertFalse(log.contains(" step "), "logEvery 0 prints epoch lines only: " + log);
    }

    @Test
    void perStepScheduleIsAppliedBeforeEveryStep() throws IOException {
        TrainConfig config = mlp(4, 2, List.of()).toBuilder()
                .schedule(new LrSchedule.LinearWarmup(50, new LrSchedule.Constant(0.05))).build();
        train(config, tmp.resolve("warm"));
        List<EpochMetrics> m = RunFolder.open(tmp.resolve("warm")).metrics();
        assertEquals(29, m.get(0).steps(), "900 examples in batches of 32");
        assertEquals(0.05 / 50, m.get(0).lr(), 1e-15, "step 0");
        assertEquals(0.05 * 30 / 50, m.get(1).lr(), 1e-15, "epoch 1 starts at step 29");
    }

    @Test
    void sameSeedGivesByteIdenticalCheckpoints() throws IOException {
        TrainConfig config = mlp(11, 2, List.of(-1, 0, 1));
        train(config, tmp.resolve("a"));
        try (CpuBackend oneThread = new CpuBackend(CpuBackend.Mode.FAST, 1)) {
            train(config.toBuilder().threads(1).build(), tmp.resolve("b"), oneThread);
        }
        train(mlp(12, 2, List.of(-1, 0, 1)), tmp.resolve("c"));
        RunFolder a = RunFolder.open(tmp.resolve("a"));
        RunFolder b = RunFolder.open(tmp.resolve("b"));
        RunFolder c = RunFolder.open(tmp.resolve("c"));
        for (int epoch : List.of(-1, 0, 1)) {
            byte[] fa = Files.readAllBytes(a.checkpointFile(epoch));
            assertArrayEquals(fa, Files.readAllBytes(b.checkpointFile(epoch)), "epoch " + epoch);
            assertFalse(java.util.Arrays.equals(fa, Files.readAllBytes(c.checkpointFile(epoch))),
                    "another seed gives other weights at epoch " + epoch);
        }
        assertEquals(a.metadata().orElseThrow().testAccuracy(), b.metadata().orElseThrow().testAccuracy());
    }

    @Test
    void rerunReusesAFinishedRunAndRefusesOthers() throws IOException {
        TrainConfig config = mlp(5, 1, List.of(-1));
        Path dir = tmp.resolve("run");
        train(config, dir);
        long before = Files.getLastModifiedTime(RunFolder.open(dir).checkpointFile(0)).toMillis();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainResult again = new Trainer(config.toBuilder().logEvery(3).build(), CPU,
                new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir);
        assertTrue(again.reused());
        assertEquals(1, again.epochs().size());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("reusing it"));
        assertEquals(before, Files.getLastModifiedTime(again.folder().checkpointFile(0)).toMillis());

        IOException different = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> train(mlp(6, 1, List.of(-1)), dir));
        assertTrue(different.getMessage().contains("different config"), different.getMessage());

        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "x");
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> train(config, foreign));
        assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
    }

    @Test
    void anUnfinishedAttemptIsStartedOver() throws IOException {
        TrainConfig config = mlp(8, 1, List.of(-1));
        Path dir = tmp.resolve("run");
        train(config, dir);
        RunFolder run = RunFolder.open(dir);
        RunMetadata finished = run.metadata().orElseThrow();
        run.writeMetadata(new RunMetadata(finished.ltxVersion(), finished.javaVersion(), finished.backend(),
                finished.dataset(), finished.datasetSha256(), finished.trainSize(), finished.validationSize(),
                finished.testSize(), finished.parameterCount(), finished.startTime(), null, RunMetadata.RUNNING,
                null, null));
        Files.writeString(run.checkpointFile(5), "stale");
        String log = train(config, dir);
        assertTrue(log.contains("starting it over"), log);
        assertEquals(List.of(-1, 0), run.checkpointEpochs());
        assertTrue(run.isFinished());
    }
}
