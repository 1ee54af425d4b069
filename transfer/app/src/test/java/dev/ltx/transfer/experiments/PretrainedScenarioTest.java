package dev.ltx.transfer.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.OptimizerSettings;
import dev.ltx.nn.train.PretrainedStart;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.nn.train.TrainConfig;
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

/**
 * The pre-trained scenario end to end on the synthetic dataset: pre-training runs, fine-tuning runs
 * that start from them with fresh heads (seeds 777 / 888, heads 1555 / 1777), the four transfers of
 * the source's fine-tuning trajectory, the pre-trained claims, and a re-run that reuses everything.
 */
class PretrainedScenarioTest {
    @TempDir
    Path tmp;

    static ExperimentDefinition tiny() {
        TrainingRecipe recipe = new TrainingRecipe(2, 32, OptimizerSettings.sgd(0.9, 0), new LrSchedule.Constant(0.05));
        return ExperimentDefinition.builder("tiny-pretrained",
                        ModelConfig.defaults(ModelKind.MLP).withMlp(16, Activation.RELU, true), DatasetKind.SYNTHETIC)
                .pretraining(Pretraining.official(DatasetKind.SYNTHETIC, 0, recipe))
                .training(recipe)
                .pairs(List.of(new SeedPair(3, 4)))
                .transfer(TransferRecipe.endpoints(3, 1))
                .fineTune(FineTuneRecipe.mnist(1))
                .analyses(java.util.EnumSet.allOf(Analysis.class))
                .claims(PretrainedExperiments.CLAIMS)
                .threads(1)
                .build();
    }

    @Test
    void sourcesAndTargetsFineTuneThePretrainedModelsWithFreshHeadsAndTheTrajectoryIsTransferred() throws IOException {
        ExperimentDefinition def = tiny();
        assertEquals(Scenario.PRETRAINED, def.scenario());
        assertEquals(Claim.PRETRAINED, def.claims().subList(0, 4));
        Path dir = tmp.resolve("out");
        ExperimentRunner.Outcome o = run(def, dir);
        assertEquals(4, o.trainedRuns(), "two pre-training and two fine-tuning runs");
        assertEquals(4, o.transfersDone());
        assertTrue(o.results().problems().isEmpty(), o.results().problems().toString());

        try (Backend cpu = new CpuBackend(CpuBackend.Mode.FAST, 1)) {
            for (long seed : List.of(3L, 4L)) {
                long ft = seed == 3 ? 777 : 888;
                RunFolder pre = RunFolder.open(ExperimentRunner.pretrainDir(dir, seed));
                RunFolder run = RunFolder.open(ExperimentRunner.runDir(dir, seed));
                TrainConfig c = run.config();
                assertEquals(ft, c.seed());
                assertEquals(new PretrainedStart(pre.checkpointFile(1), 2 * ft + 1), c.pretrained());
                Map<String, Tensor> start = run.loadCheckpoint(-1, cpu);
                Map<String, Tensor> backbone = pre.loadCheckpoint(1, cpu);
                assertArrayEquals(backbone.get("linear1.weight").toFloats(), start.get("linear1.weight").toFloats(), 0f,
                        "θ₀ of seed " + seed + " is its pre-trained backbone");
            }
        }
        assertEquals(List.of(3L, 4L), List.copyOf(o.results().pretrained().keySet()));
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("Pre-trained scenario: pre-trained on synthetic"), md);
        assertTrue(md.contains("## Pre-training runs"), md);
        assertTrue(md.contains("Naive fails: its best-step val acc is far below the Oracle's"), md);
        assertTrue(md.contains("fine-tuning from GMT and FGMT beats Naive and standard training"), md);
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"scenario\" : \"pretrained\""));

        Basin basin = o.results().basin();
        assertTrue(basin != null, "the basin study ran");
        assertEquals(BasinStudy.POINTS, basin.lambdas().length);
        assertEquals(1.0, basin.lambdas()[BasinStudy.POINTS - 1]);
        for (Basin.Curve c : Basin.Curve.values()) {
            assertEquals(1, basin.losses().get(c).size());
            assertEquals(basin.losses().get(Basin.Curve.FGMT_FT).get(0)[0], basin.losses().get(c).get(0)[0], 1e-12,
                    "every line starts at the fine-tuned target");
            assertTrue(basin.barrier(c).mean() >= 0);
        }
        assertTrue(Files.isRegularFile(dir.resolve("figure-7-validation-loss-from-the-fine-tuned-target.png")));
        String fig7 = Files.readString(dir.resolve("figure-7-validation-loss-from-the-fine-tuned-target.csv"));
        assertTrue(fig7.contains("FGMT+FT,1,0.5,") && fig7.contains("Source (permuted),1,1.0,"), fig7);
        assertTrue(md.contains("## Basin (Figure 7; transfer seed 1 of each pair)"), md);
        assertTrue(md.contains("FGMT+FT lies in the fine-tuned target's basin"), md);
        assertTrue(Files.isRegularFile(dir.resolve("basin").resolve("3-4.csv")));

        // the ensemble study: each member alone is what the run itself measured on the test split
        EnsembleTable e = o.results().ensemble();
        assertTrue(e != null, "the ensemble study ran");
        assertEquals(List.of(EnsembleTable.Member.TARGET, EnsembleTable.Member.GMT_FT, EnsembleTable.Member.FGMT_FT),
                e.members());
        assertEquals(o.results().tests().get(3L), e.source().get(0), 1e-9, "the source alone: its run's test accuracy");
        assertEquals(o.results().tests().get(4L), e.alone().get(EnsembleTable.Member.TARGET).get(0), 1e-9,
                "the fully trained target alone: its run's test accuracy");
        double fgmtFt = o.results().of(dev.ltx.transfer.Method.FGMT).get(0).finetuneTestAccuracy();
        assertEquals(fgmtFt, e.alone().get(EnsembleTable.Member.FGMT_FT).get(0), 1e-9,
                "FGMT + FT alone: the fine-tuning's test accuracy");
        assertTrue(md.contains("## Ensembles (Appendix E.2"), md);
        assertTrue(Files.isRegularFile(dir.resolve("ensemble").resolve("3-4.csv")));

        ExperimentRunner.Outcome again = run(def, dir);
        assertEquals(0, again.trainedRuns());
        assertEquals(4, again.reusedRuns());
        assertEquals(4, again.transfersReused());
        assertEquals(o.results().outcomes().get(2).bestAccuracy(), again.results().outcomes().get(2).bestAccuracy());
        assertArrayEquals(basin.losses().get(Basin.Curve.PERMUTED_SOURCE).get(0),
                again.results().basin().losses().get(Basin.Curve.PERMUTED_SOURCE).get(0), 0.0, "read back from the cache");
        assertEquals(e.withSource(), again.results().ensemble().withSource(), "ensembles read back from the cache");
    }

    @Test
    void theGeneralizationStudyPretrainsSourcesOnAFractionAndRecordsEveryRunsTestAccuracy() throws IOException {
        ExperimentDefinition def = tiny().toBuilder().name("tiny-generalization")
                .pretraining(tiny().pretraining().withSources(300, new TrainingRecipe(5, 32, OptimizerSettings.sgd(0.9, 0),
                        new LrSchedule.Constant(0.05))))
                .claims(List.of(new Claim.InheritsGeneralization(dev.ltx.transfer.Method.FGMT))).build();
        assertEquals(300, def.pretrainConfig(3).maxTrainExamples(), "the source's weak init");
        assertEquals(0, def.pretrainConfig(4).maxTrainExamples(), "the target's strong init: all examples");
        assertEquals(5, def.pretrainConfig(3).epochs(), "the source's own recipe");
        assertEquals(2, def.pretrainConfig(4).epochs());
        ExperimentRunner.Outcome o = run(def, tmp.resolve("gen"));
        assertEquals(List.of(3L, 4L), List.copyOf(o.results().tests().keySet()));
        assertTrue(o.claims().get(0).detail().contains("source fine-tuned"), o.claims().get(0).line());
        String md = Files.readString(tmp.resolve("gen").resolve("summary.md"));
        assertTrue(md.contains("(sources: first 300 only, sgd momentum 0.9") && md.contains("| seed | final val acc % | test acc % |"), md);
    }

    @Test
    void aBarrierIsTheLargestLossAboveTheChordBetweenTheEnds() {
        double[] l = {0, 0.5, 1};
        assertEquals(0, Basin.barrier(l, new double[] {1, 0.5, 1}), 1e-12, "convex: no barrier");
        assertEquals(1.5, Basin.barrier(l, new double[] {1, 3, 2}), 1e-12, "3 - (1 + 2) / 2");
    }

    @Test
    void aSeedCannotBeBothASourceAndATargetAndTheScenarioNeedsItsStage() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> tiny().toBuilder()
                .pairs(List.of(new SeedPair(3, 4), new SeedPair(4, 5))).build());
        assertTrue(both.getMessage().contains("seed 4 is a source and a target"), both.getMessage());
        IllegalArgumentException stage = assertThrows(IllegalArgumentException.class, () -> tiny().toBuilder()
                .scenario(Scenario.RANDOM_INIT).build());
        assertTrue(stage.getMessage().contains("pre-training stage"), stage.getMessage());
    }

    private static ExperimentRunner.Outcome run(ExperimentDefinition def, Path dir) throws IOException {
        try (Backend backend = new CpuBackend(CpuBackend.Mode.FAST, 1)) {
            return new ExperimentRunner(def, backend, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8)).run(dir);
        }
    }
}
