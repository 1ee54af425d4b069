package dev.ltx.transfer.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The §3.4 ablations on a tiny synthetic experiment: shared runs, one folder per distinct recipe, one figure each. */
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
        List<Ablation> ablations = Ablation.standard(def.transfer());
        assertEquals(List.of("schedule", "steps", "gradient-batches"), ablations.stream().map(Ablation::name).toList());
        assertEquals(AlphaSchedule.UNIFORM, ablations.get(0).variants().get(1).transfer().schedule());
        Path dir = tmp.resolve("out");
        List<Path> files;
        try (Backend cpu = new CpuBackend(CpuBackend.Mode.FAST, 1)) {
            files = new AblationRunner(def, cpu, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8)).run(dir, ablations);
        }
        try (Stream<Path> s = Files.list(dir.resolve("ablations"))) {
            assertEquals(List.of("t10-cosine-b1", "t10-cosine-b2", "t10-cosine-b4", "t10-cosine-b8", "t10-uniform-b1",
                    "t20-cosine-b1", "t30-cosine-b1", "t5-cosine-b1"), s.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "the base recipe (cosine, T = 10, 1 batch) is shared by the three ablations");
        }
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            assertEquals(4, s.count(), "four runs, trained once in the experiment's own runs folder");
        }
        assertTrue(Files.isSymbolicLink(dir.resolve("ablations").resolve("t5-cosine-b1").resolve("runs")));
        assertEquals(7, files.size());
        var steps = CurveCsv.read(dir.resolve("ablation-schedule.csv"));
        assertEquals(List.of("GMT, cosine", "GMT, uniform", "FGMT, cosine", "FGMT, uniform"), List.copyOf(steps.keySet()));
        assertEquals(10, steps.get("GMT, uniform").get(0).length);
        String sweep = Files.readString(dir.resolve("ablation-steps.csv"));
        assertTrue(sweep.contains("GMT,2,30.0,"), sweep);
        String md = Files.readString(dir.resolve("ablations.md"));
        assertTrue(md.contains("## Ablation: number of transfer steps T") && md.contains("| T = 30 | "), md);
        assertTrue(md.contains("| 8 batch(es) | "), md);
    }
}
