package dev.ltx.transfer.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ltx.engine.Backend;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.report.CurveCsv;
import dev.ltx.transfer.report.SummaryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole reproduction of the registry's tiny synthetic entry: report files, their contents, and
 * reuse (the former MnistMlpExperimentTest, every expectation kept), and equality with the numbers
 * the single-experiment code produced before the suite existed.
 */
class ExperimentRunnerTest {
    @TempDir
    static Path tmp;
    static Backend backend;
    static ExperimentDefinition setup;
    static ExperimentRunner.Outcome first;
    static String firstLog;

    @BeforeAll
    static void runOnce() throws IOException {
        backend = new CpuBackend(CpuBackend.Mode.FAST, 1);
        setup = ExperimentRegistry.find("synthetic-mlp").orElseThrow().definition(ExperimentRegistry.Size.FULL)
                .withEnvironment(null, 1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        first = new ExperimentRunner(setup, backend, new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(tmp.resolve("out"));
        firstLog = log.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void trainsEveryRunAndTransfersEveryPairWithEveryMethod() {
        assertEquals(4, first.trainedRuns());
        assertEquals(0, first.reusedRuns());
        assertEquals(8, first.transfersDone());
        assertEquals(List.of(101L, 102L, 201L, 202L), List.copyOf(first.runs().keySet()));
        assertEquals(8, first.outcomes().size());
        for (PairOutcome o : first.outcomes()) {
            assertEquals(setup.transfer().steps(), o.stepAccuracies().length, o.toString());
            assertEquals(setup.fineTune().epochs(), o.finetuneAccuracies().length, o.toString());
            assertEquals(o.stepAccuracies()[o.bestStep() - 1], o.bestAccuracy(), 0.0);
            assertEquals(o.stepAccuracies()[setup.transfer().steps() - 1], o.finalAccuracy(), 0.0);
            assertTrue(Double.isFinite(o.finetuneTestAccuracy()), o.toString());
            if (o.method().matchesGradients()) {
                assertTrue(o.gradientSeconds() > 0 && o.matchingSeconds() > 0, o.toString());
            }
        }
    }

    @Test
    void progressLinesNameRunPairMethodStepAndEta() {
        assertTrue(firstLog.contains("run 1/4 seed 101:"), firstLog);
        assertTrue(firstLog.contains("pair 201->202 FGMT: FGMT step 4/4: val acc"), firstLog);
        assertTrue(firstLog.contains("| ETA "), firstLog);
        assertTrue(firstLog.contains("report written"), firstLog);
    }

    @Test
    void writesPlotsTableCsvAndJsonIntoOneFolder() throws IOException {
        Path out = tmp.resolve("out");
        for (String png : List.of("figure-5-validation-accuracy-vs-transfer-step.png",
                "figure-6-validation-accuracy-during-fine-tuning.png")) {
            assertNotNull(ImageIO.read(out.resolve(png).toFile()), png);
        }
        String md = Files.readString(out.resolve("summary.md"));
        for (String m : List.of("| Naive", "| Oracle", "| GMT", "| FGMT", "Best val acc", "Fine-tuned test acc",
                "% of one source run", "## Source and target runs")) {
            assertTrue(md.contains(m), m + " in " + md);
        }
        Map<String, List<double[]>> curves = CurveCsv.read(out.resolve("figure-5-validation-accuracy-vs-transfer-step.csv"));
        assertEquals(List.of("Naive", "Oracle", "GMT", "FGMT"), List.copyOf(curves.keySet()));
        PairOutcome gmt201 = first.outcomes().get(6);
        assertEquals(Method.GMT, gmt201.method());
        assertArrayEquals(gmt201.stepAccuracies(), curves.get("GMT").get(1));
        Map<String, List<double[]>> ft = CurveCsv.read(out.resolve("figure-6-validation-accuracy-during-fine-tuning.csv"));
        assertEquals(first.runs().get(102L).get(0).valAccuracy(), ft.get(ExperimentReport.STANDARD).get(0)[0], 0.0);
        JsonNode json = SummaryJson.readTree(out.resolve("summary.json"));
        assertEquals(setup.name(), json.get("name").asText());
        assertEquals(4, json.get("summary").size());
        assertEquals(9, Files.readAllLines(out.resolve("pairs.csv")).size());
        assertTrue(Files.isRegularFile(ExperimentRunner.transferDir(out, setup.pairs().get(0), 1, Method.FGMT)
                .resolve("transfer.json")));
    }

    @Test
    void secondInvocationReusesRunsAndTransfersAndRecomputesOnlyWhatIsMissing() throws IOException {
        Path out = tmp.resolve("out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExperimentRunner.Outcome again = new ExperimentRunner(setup, backend,
                new PrintStream(log, true, StandardCharsets.UTF_8)).run(out);
        assertEquals(0, again.trainedRuns(), log.toString(StandardCharsets.UTF_8));
        assertEquals(4, again.reusedRuns());
        assertEquals(0, again.transfersDone());
        assertEquals(8, again.transfersReused());
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(first.outcomes().get(i).stepAccuracies(), again.outcomes().get(i).stepAccuracies());
        }
        // An incomplete transfer (no completion marker) is redone, deterministically.
        Path naive = ExperimentRunner.transferDir(out, setup.pairs().get(1), 1, Method.NAIVE);
        Files.delete(naive.resolve(PairOutcome.FILE));
        ExperimentRunner.Outcome third = new ExperimentRunner(setup, backend,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(out);
        assertEquals(1, third.transfersDone());
        assertEquals(7, third.transfersReused());
        assertArrayEquals(first.outcomes().get(4).stepAccuracies(), third.outcomes().get(4).stepAccuracies());
        assertTrue(Files.isRegularFile(naive.resolve(PairOutcome.FILE)));
    }

    @Test
    void aTransferFromOtherSettingsIsNotReused() throws IOException {
        Path dir = ExperimentRunner.transferDir(tmp.resolve("out"), setup.pairs().get(0), 1, Method.GMT);
        assertTrue(PairOutcome.read(dir, "another key").isEmpty());
        assertTrue(PairOutcome.read(tmp.resolve("nowhere"), "k").isEmpty());
    }

    /**
     * The numbers {@code ltx reproduce mnist-mlp --synthetic --threads 1} printed into pairs.csv and
     * outcome.json before the suite refactor (commit f633d6d): per pair and method, the per-step
     * validation accuracies, the fine-tuning validation accuracies and the fine-tuned test accuracy.
     * One transfer seed must reproduce them exactly.
     */
    @Test
    void oneTransferSeedReproducesThePreSuiteNumbersExactly() {
        double[][] steps = {
            {9.0, 13.0, 18.0, 21.0}, {46.0, 56.0, 59.0, 61.0}, {24.0, 64.0, 57.0, 68.0}, {24.0, 56.0, 63.0, 63.0},
            {22.0, 17.0, 22.0, 26.0}, {54.0, 52.0, 61.0, 63.0}, {41.0, 64.0, 51.0, 64.0}, {41.0, 57.0, 57.0, 57.0}};
        double[] finetuneVal = {87.0, 84.0, 83.0, 78.0, 71.0, 92.0, 83.0, 77.0};
        double[] finetuneTest = {94.0, 86.8, 87.6, 82.0, 71.2, 91.2, 85.2, 75.2};
        assertEquals(1, setup.transferSeeds());
        for (int i = 0; i < 8; i++) {
            PairOutcome o = first.outcomes().get(i);
            assertArrayEquals(steps[i], o.stepAccuracies(), 0.0, o.toString());
            assertArrayEquals(new double[] {finetuneVal[i]}, o.finetuneAccuracies(), 0.0, o.toString());
            assertEquals(finetuneTest[i], o.finetuneTestAccuracy(), 0.0, o.toString());
            assertEquals(1, o.transferSeed());
        }
    }
}
