package dev.ltx.transfer.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.OptimizerSettings;
import dev.ltx.transfer.report.CurveCsv;
import dev.ltx.transfer.trajectory.AlphaSchedule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The §3.4 ablations on a tiny synthetic experiment: shared runs (the actual trajectory trains its own
 * every-epoch sources), one folder per distinct recipe, one figure each.
 */
class AblationRunnerTest {
    @TempDir
    Path tmp;

    @Test
    void everyVariantIsTransferredOnceOnTheExperimentsOwnRuns() throws IOException {
        ExperimentDefinition def = ExperimentDefinition.builder("tiny",
                        ModelConfig.defaults(ModelKind.MLP).withMlp(16, Activation.RELU, false), DatasetKind.SYNTHETIC)
                .training(new TrainingRecipe(2, 32, OptimizerSettings.sgd(0.9, 0), new LrSchedule.Constant(0.05)))
                .pairs(List.of(new SeedPair(1, 2), new SeedPair(3, 4)))
                .transfer(TransferRecipe.endpoints(10, 1)).threads(1).build();
        List<Ablation> ablations = Ablation.standard(def);
        assertEquals(List.of("schedule", "steps", "gradient-batches", "trajectory"),
                ablations.stream().map(Ablation::name).toList());
        Ablation trajectory = ablations.get(3);
        assertEquals(def.transfer(), trajectory.variants().get(0).transfer(), "linear: the main recipe, T = 10");
        TransferRecipe actual = trajectory.variants().get(1).transfer();
        assertEquals(List.of(-1, 0, 1), actual.checkpointEpochs(), "actual: every epoch of the 2-epoch sources");
        assertEquals(5, actual.splits(), "the same T = 10: 5 sub-steps per epoch");
        assertEquals(10, actual.steps());
        assertEquals(AlphaSchedule.UNIFORM, ablations.get(0).variants().get(1).transfer().schedule());
        Path dir = tmp.resolve("out");
        List<Path> files;
        try (Backend cpu = new CpuBackend(CpuBackend.Mode.FAST, 1)) {
            files = new AblationRunner(def, cpu, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8)).run(dir, ablations);
        }
        try (Stream<Path> s = Files.list(dir.resolve("ablations"))) {
            assertEquals(List.of("t10-cosine-b1", "t10-cosine-b1-ck3", "t10-cosine-b2", "t10-cosine-b4", "t10-cosine-b8", "t10-uniform-b1",
                    "t20-cosine-b1", "t30-cosine-b1", "t5-cosine-b1"), s.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "the base recipe (cosine, T = 10, 1 batch) is shared by the three ablations");
        }
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            assertEquals(4, s.count(), "four runs, trained once in the experiment's own runs folder");
        }
        Path shared = dir.resolve("ablations").resolve("t5-cosine-b1").resolve("runs");
        assertTrue(Files.isSymbolicLink(shared));
        assertEquals(Path.of("..", "..", "runs"), Files.readSymbolicLink(shared),
                "relative: a copied folder links to its own runs");
        Path own = dir.resolve("ablations").resolve("t10-cosine-b1-ck3").resolve("runs");
        assertTrue(Files.isDirectory(own) && !Files.isSymbolicLink(own), "the actual trajectory's own runs folder");
        for (long target : new long[] {2, 4}) {
            assertTrue(Files.isSymbolicLink(own.resolve("seed-" + target)), "targets shared with the experiment");
        }
        for (long source : new long[] {1, 3}) {
            Path ck = own.resolve("seed-" + source).resolve("checkpoints");
            Path main = dir.resolve("runs").resolve("seed-" + source).resolve("checkpoints");
            assertFalse(Files.isSymbolicLink(own.resolve("seed-" + source)));
            assertTrue(Files.exists(ck.resolve("epoch_0.safetensors")), "every epoch saved");
            assertFalse(Files.exists(main.resolve("epoch_0.safetensors")), "the experiment's own runs are untouched");
            for (String e : new String[] {"epoch_-1.safetensors", "epoch_1.safetensors"}) {
                assertEquals(-1L, Files.mismatch(ck.resolve(e), main.resolve(e)), "deterministic training: same " + e);
            }
        }
        assertEquals(9, files.size());
        var traj = CurveCsv.read(dir.resolve("ablation-trajectory.csv"));
        assertEquals(List.of("GMT, linear", "GMT, actual", "FGMT, linear", "FGMT, actual"), List.copyOf(traj.keySet()));
        assertEquals(10, traj.get("FGMT, actual").get(0).length);
        var steps = CurveCsv.read(dir.resolve("ablation-schedule.csv"));
        assertEquals(List.of("GMT, cosine", "GMT, uniform", "FGMT, cosine", "FGMT, uniform"), List.copyOf(steps.keySet()));
        assertEquals(10, steps.get("GMT, uniform").get(0).length);
        String sweep = Files.readString(dir.resolve("ablation-steps.csv"));
        assertTrue(sweep.contains("GMT,2,30.0,"), sweep);
        String md = Files.readString(dir.resolve("ablations.md"));
        assertTrue(md.contains("## Ablation: number of transfer steps T") && md.contains("| T = 30 | "), md);
        assertTrue(md.contains("| 8 batch(es) | "), md);
        assertTrue(md.contains("## Ablation: linear vs actual trajectory") && md.contains("| actual | ")
                && md.contains("S = 5 sub-step(s) per epoch"), md);
    }
}
