package dev.ltx.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.FiniteCheck;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming interrupted training (byte-identical results) and stopping on divergence. */
class TrainerResumeTest {
    private static final CpuBackend CPU = new CpuBackend(CpuBackend.Mode.FAST, 2);

    @TempDir
    Path tmp;

    private static TrainConfig config(OptimizerKind kind, String schedule, double lr) {
        OptimizerSettings o = kind == OptimizerKind.SGD ? OptimizerSettings.sgd(0.9, 1e-4) : OptimizerSettings.adamw(1e-4);
        LrSchedule s = "cosine".equals(schedule) ? LrSchedule.parse("cosine:lr=" + lr + ",epochs=5,warmup=1")
                : new LrSchedule.Constant(lr);
        return TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC)
                .model(ModelConfig.defaults(ModelKind.MLP).withMlp(32, Activation.RELU, true))
                .epochs(5).batchSize(32).evalBatchSize(100).optimizer(o).schedule(s)
                .seed(11).checkpointEpochs(List.of(-1, 0, 2)).logEvery(0).build();
    }

    private static Trainer trainer(TrainConfig c, ByteArrayOutputStream log) {
        return new Trainer(c, CPU, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static void assertSameRun(Path expected, Path actual) throws IOException {
        RunFolder e = RunFolder.open(expected);
        RunFolder a = RunFolder.open(actual);
        assertEquals(e.checkpointEpochs(), a.checkpointEpochs());
        for (int epoch : e.checkpointEpochs()) {
            assertArrayEquals(Files.readAllBytes(e.checkpointFile(epoch)), Files.readAllBytes(a.checkpointFile(epoch)),
                    "checkpoint of epoch " + epoch);
        }
        List<EpochMetrics> em = e.metrics();
        List<EpochMetrics> am = a.metrics();
        assertEquals(em.size(), am.size());
        for (int i = 0; i < em.size(); i++) {
            assertEquals(em.get(i).trainLoss(), am.get(i).trainLoss(), "train loss of epoch " + i);
            assertEquals(em.get(i).valLoss(), am.get(i).valLoss(), "val loss of epoch " + i);
            assertEquals(em.get(i).lr(), am.get(i).lr(), "lr of epoch " + i);
            assertEquals(em.get(i).steps(), am.get(i).steps());
        }
        assertEquals(e.metadata().orElseThrow().testLoss(), a.metadata().orElseThrow().testLoss());
        assertEquals(e.metadata().orElseThrow().testAccuracy(), a.metadata().orElseThrow().testAccuracy());
        assertTrue(a.isFinished());
        assertFalse(Files.exists(a.resumeFile()), "the resume point is deleted at the end");
    }

    @Test
    void anInterruptedRunResumesToByteIdenticalResults() throws IOException {
        for (OptimizerKind kind : OptimizerKind.values()) {
            TrainConfig c = config(kind, "cosine", kind == OptimizerKind.SGD ? 0.05 : 1e-3);
            Path ref = tmp.resolve(kind + "-ref");
            trainer(c, new ByteArrayOutputStream()).run(ref);
            for (int stopAfter : new int[] {0, 1, 3, 4}) {
                Path dir = tmp.resolve(kind + "-stopped-" + stopAfter);
                assertThrows(IllegalStateException.class,
                        () -> trainer(c, new ByteArrayOutputStream()).interruptAfterEpoch(stopAfter).run(dir));
                assertTrue(Files.isRegularFile(dir.resolve(RunFolder.RESUME)));
                assertFalse(RunFolder.open(dir).isFinished());
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                TrainResult r = trainer(c, log).run(dir);
                assertFalse(r.reused());
                assertTrue(log.toString(StandardCharsets.UTF_8).contains("resuming after epoch " + (stopAfter + 1)),
                        log.toString(StandardCharsets.UTF_8));
                assertSameRun(ref, dir);
            }
        }
    }

    @Test
    void laterMetricsAndCheckpointsThanTheResumePointAreRedone() throws IOException {
        TrainConfig c = config(OptimizerKind.SGD, "constant", 0.05);
        Path ref = tmp.resolve("ref");
        trainer(c, new ByteArrayOutputStream()).run(ref);
        Path dir = tmp.resolve("stopped");
        assertThrows(IllegalStateException.class,
                () -> trainer(c, new ByteArrayOutputStream()).interruptAfterEpoch(1).run(dir));
        // a kill after epoch 2's metrics and checkpoint but before its resume point: stale extras
        RunFolder run = RunFolder.open(dir);
        List<EpochMetrics> m = new java.util.ArrayList<>(run.metrics());
        m.add(new EpochMetrics(2, 9, 9, 9, 9, 9, 1, 1, 1));
        run.writeMetrics(m);
        Files.writeString(run.checkpointFile(2), "garbage from a kill");
        Files.writeString(dir.resolve(".metrics.json123.tmp"), "half");
        trainer(c, new ByteArrayOutputStream()).run(dir);
        assertSameRun(ref, dir);
        assertFalse(Files.exists(dir.resolve(".metrics.json123.tmp")), "temporary files of a killed writer are removed");
    }

    @Test
    void anUnusableResumePointStartsOver() throws IOException {
        TrainConfig c = config(OptimizerKind.ADAMW, "constant", 1e-3);
        Path ref = tmp.resolve("ref");
        trainer(c, new ByteArrayOutputStream()).run(ref);
        Path dir = tmp.resolve("stopped");
        assertThrows(IllegalStateException.class,
                () -> trainer(c, new ByteArrayOutputStream()).interruptAfterEpoch(2).run(dir));
        Files.delete(RunFolder.open(dir).checkpointFile(0)); // inconsistent with the resume point
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        trainer(c, log).run(dir);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("cannot be resumed (checkpoint of epoch 0 is missing)"),
                log.toString(StandardCharsets.UTF_8));
        assertSameRun(ref, dir);
    }

    @Test
    void divergenceStopsNamingEpochAndStepAndKeepsTheGoodCheckpoints() throws IOException {
        TrainConfig c = config(OptimizerKind.SGD, "constant", 1e4);
        Path dir = tmp.resolve("diverged");
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> trainer(c, new ByteArrayOutputStream()).run(dir));
        assertTrue(e.getMessage().matches(".*at epoch \\d+, step \\d+.*keeps its checkpoints up to epoch -?\\d+"),
                e.getMessage());
        assertFalse(e.where().isInput());
        RunFolder run = RunFolder.open(dir);
        assertFalse(run.isFinished());
        for (int epoch : run.checkpointEpochs()) {
            assertEquals(null, FiniteCheck.firstNonFinite(run.loadCheckpoint(epoch, CPU)));
        }
        assertTrue(run.checkpointEpochs().contains(-1));
    }

    @Test
    void skipStepSkipsNonFiniteStepsButStillStopsBeforeABadCheckpoint() throws IOException {
        TrainConfig c = config(OptimizerKind.SGD, "constant", 1e4);
        Path dir = tmp.resolve("skipping");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> trainer(c, log).onDivergence(DivergencePolicy.SKIP_STEP).run(dir));
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("steps whose loss or gradients were not finite"), text);
        // the surviving updates leave parameters so large that validation diverges: stopped before any checkpoint
        assertTrue(e.getMessage().contains("after epoch 0"), e.getMessage());
        assertEquals(List.of(-1), RunFolder.open(dir).checkpointEpochs());
        assertEquals(DivergencePolicy.SKIP_STEP, DivergencePolicy.parse("Skip-Step"));
        assertThrows(IllegalArgumentException.class, () -> DivergencePolicy.parse("ignore"));
    }
}
