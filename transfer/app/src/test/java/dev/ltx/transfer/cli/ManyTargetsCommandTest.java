package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ltx transfer} with several {@code --target-init}s: one folder per target holding exactly
 * what a separate command writes for that target, {@code targets.csv}, and with fine-tuning the
 * ensemble report; bad combinations exit 2 with one line.
 */
class ManyTargetsCommandTest {
    @TempDir
    static Path tmp;
    static Path source;
    static Path target1;
    static Path target2;

    @BeforeAll
    static void runs() throws IOException {
        source = CliHarness.syntheticRun(tmp.resolve("run-101"), 101);
        target1 = CliHarness.syntheticRun(tmp.resolve("run-102"), 102);
        target2 = CliHarness.syntheticRun(tmp.resolve("run-103"), 103);
    }

    @Test
    void eachTargetGetsWhatItsOwnCommandWritesAndTheEnsembleIsReported() throws IOException {
        Path many = tmp.resolve("many");
        Path init2 = target2.resolve("checkpoints/epoch_-1.safetensors");
        CliHarness.Result r = ltx("transfer", "--source", source.toString(), "--target-init", target1.toString(),
                "--target-init", init2.toString(), "--method", "fgmt", "--steps", "3", "--finetune-epochs", "1",
                "--threads", "1", "--out", many.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("target 2/2: FGMT step 3/3"), r.out());
        assertTrue(r.out().contains("2 targets transferred in one pass"), r.out());
        for (int k = 1; k <= 2; k++) {
            Path one = tmp.resolve("one-" + k);
            CliHarness.Result s = ltx("transfer", "--source", source.toString(), "--target-init",
                    (k == 1 ? target1 : init2).toString(), "--method", "fgmt", "--steps", "3", "--finetune-epochs", "1",
                    "--threads", "1", "--out", one.toString());
            assertEquals(0, s.code(), s.toString());
            for (String f : List.of("final.safetensors", "best.safetensors", "permutations_final.safetensors",
                    "finetune.safetensors")) {
                assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(many.resolve("target-" + k)
                        .resolve(f)), "target " + k + ": " + f);
            }
        }
        List<String> csv = Files.readAllLines(many.resolve("targets.csv"));
        assertEquals(3, csv.size(), csv.toString());
        assertEquals(ManyTargets.CSV_HEADER, csv.get(0));
        JsonNode e = new ObjectMapper().readTree(many.resolve("ensemble.json").toFile());
        assertEquals(2, e.get("targets").size());
        assertEquals(3, e.get("all").get("members").asInt());
        // the first target is a run folder: its fully trained model is compared; the second is only an init
        assertTrue(e.get("targets").get(0).has("fully_trained_ensemble_with_source_accuracy"), e.toString());
        assertTrue(!e.get("targets").get(1).has("fully_trained_accuracy"), e.toString());
        double d = e.get("targets").get(0).get("disagreement_with_source").asDouble();
        assertTrue(d >= 0 && d <= 100, e.toString());
        assertTrue(Files.readString(many.resolve("ensemble.md")).contains("| 2 |"));
    }

    @Test
    void badCombinationsExitWithCodeTwo() {
        String o = tmp.resolve("bad").toString();
        assertUsage(ltx("transfer", "--source", source.toString(), "--target-init", target1.toString(), "--target-init",
                target2.toString(), "--target-run", target2.toString(), "--method", "oracle", "--out", o),
                "--target-run");
        assertUsage(ltx("transfer", "--source", source.toString(), "--target-init", target1.toString(), "--target-init",
                tmp.resolve("nope").toString(), "--method", "gmt", "--out", o), "--target-init", "nope");
    }
}
