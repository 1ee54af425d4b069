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
import dev.ltx.transfer.Method;
import dev.ltx.transfer.report.CurveCsv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own grid, defined in Java without touching the runner or the report writer: one pair,
 * two transfer seeds, only GMT and FGMT, uniform α, a cosine training schedule, no fine-tuning, one
 * claim. Aggregation must be over pair × seeds and the report must show the per-pair spread.
 */
class UserDefinedExperimentTest {
    @TempDir
    Path tmp;

    @Test
    void aDefinitionBuiltInCodeRunsAndReportsOverPairsTimesSeeds() throws IOException {
        ExperimentDefinition mine = ExperimentDefinition.builder("my-grid",
                        ModelConfig.defaults(ModelKind.MLP).withMlp(12, Activation.RELU, false), DatasetKind.SYNTHETIC)
                .paperFigure("my own figure")
                .training(new TrainingRecipe(2, 32, OptimizerSettings.sgd(0.9, 1e-4), new LrSchedule.WarmupCosine(0.02, 1, 2)))
                .pairs(List.of(new SeedPair(7, 8)))
                .transferSeeds(2)
                .methods(List.of(Method.GMT, Method.FGMT))
                .transfer(new TransferRecipe(List.of(), 3, dev.ltx.transfer.trajectory.AlphaSchedule.UNIFORM, 1, 0, 32))
                .fineTune(FineTuneRecipe.mnist(0))
                .analyses(EnumSet.of(Analysis.TRANSFER_CURVES))
                .claims(List.of(new Claim.SimilarOrBetter(Method.FGMT, Method.GMT, 100)))
                .threads(1)
                .build();
        ExperimentRunner.Outcome o;
        try (Backend backend = new CpuBackend(CpuBackend.Mode.FAST, 1)) {
            o = new ExperimentRunner(mine, backend, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8)).run(tmp.resolve("mine"));
        }
        assertEquals(2, o.trainedRuns());
        assertEquals(4, o.transfersDone());  // 1 pair x 2 seeds x 2 methods
        assertEquals(List.of(1L, 2L), o.outcomes().stream().filter(x -> x.method() == Method.GMT)
                .map(PairOutcome::transferSeed).toList());
        assertTrue(o.results().problems().isEmpty(), o.results().problems().toString());
        assertEquals(1, o.claims().size());
        assertTrue(o.claims().get(0).passed(), o.claims().get(0).line());
        // the two seeds give different transfers (different gradient batches), both reported
        Map<String, List<double[]>> curves = CurveCsv.read(tmp.resolve("mine")
                .resolve("figure-5-validation-accuracy-vs-transfer-step.csv"));
        assertEquals(List.of("GMT", "FGMT"), List.copyOf(curves.keySet()));
        assertEquals(2, curves.get("GMT").size());
        assertEquals(3, curves.get("GMT").get(0).length);
        String md = Files.readString(tmp.resolve("mine").resolve("summary.md"));
        assertTrue(md.contains("1 pair(s) × 2 transfer seed(s)"), md);
        assertTrue(md.contains("## Per pair (spread over transfer seeds)") && md.contains("| GMT | 7→8 |"), md);
        assertTrue(md.contains("**PASS** FGMT is similar to or better than GMT"), md);
        assertTrue(!Files.exists(tmp.resolve("mine").resolve("figure-6-validation-accuracy-during-fine-tuning.png")));
        assertTrue(Files.isRegularFile(ExperimentRunner.transferDir(tmp.resolve("mine"), new SeedPair(7, 8), 2,
                Method.FGMT).resolve(PairOutcome.FILE)));
    }
}
