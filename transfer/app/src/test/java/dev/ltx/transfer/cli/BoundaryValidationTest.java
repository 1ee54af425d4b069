package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every option and config key out of range is refused before any work: exit 2, one line naming it. */
class BoundaryValidationTest {
    @TempDir
    static Path tmp;
    static Path source;

    @BeforeAll
    static void run() throws IOException {
        source = CliHarness.syntheticRun(tmp.resolve("run"), 101);
    }

    private static String[] train(String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--model", "mlp", "--dataset", "synthetic", "--out",
                tmp.resolve("t").toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static String[] transfer(String... extra) {
        List<String> a = new ArrayList<>(List.of("transfer", "--source", source.toString(), "--target-init",
                source.toString(), "--method", "gmt", "--out", tmp.resolve("x").toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void trainOptions() throws IOException {
        String[][] bad = {
            {"--epochs", "0"}, {"--epochs", "2000000"}, {"--epochs", "99999999999"}, {"--batch-size", "0"},
            {"--batch-size", "100000"}, {"--eval-batch-size", "-1"}, {"--lr", "-0.1"}, {"--lr", "NaN"},
            {"--lr", "Infinity"}, {"--momentum", "-1"}, {"--weight-decay", "-1"}, {"--width", "0"},
            {"--width", "2000000"}, {"--width-factor", "0"}, {"--width-factor", "1000"}, {"--threads", "-1"},
            {"--log-every", "-1"}, {"--seed", "x"}, {"--checkpoint-epochs", "-2"}, {"--checkpoint-epochs", "50"},
            {"--schedule", "cosine:lr=-1"}, {"--class-subset", "3"}, {"--optimizer", "adam"},
            {"--data-dir", tmp.resolve("missing").toString()}, {"--on-divergence", "continue"},
        };
        for (String[] b : bad) {
            CliHarness.Result r = ltx(train(b));
            assertUsage(r);
            assertFalse(Files.exists(tmp.resolve("t")), "nothing written for " + String.join(" ", b));
        }
    }

    @Test
    void trainConfigKeys() throws IOException {
        String[] bad = {"{\"epochs\": 0}", "{\"lr\": -1}", "{\"width\": \"wide\"}", "{\"colour\": 1}", "[1, 2]",
            "{\"epochs\": 1e12}", "{\"batch-size\": 70000}", "not json"};
        for (String json : bad) {
            Path f = Files.writeString(tmp.resolve("bad.json"), json);
            assertUsage(ltx(train("--config", f.toString())));
        }
        Path run = Files.createDirectories(tmp.resolve("cfg"));
        Files.writeString(run.resolve("config.json"), Files.readString(source.resolve("config.json"))
                .replace("\"epochs\" : 2", "\"epochs\" : -3"));
        assertUsage(ltx(train("--config", run.resolve("config.json").toString())), "config.json");
    }

    @Test
    void transferOptions() {
        String[][] bad = {
            {"--steps", "0"}, {"--steps", "1000000"}, {"--grad-batches", "0"}, {"--bn-batches", "-1"},
            {"--finetune-epochs", "-1"}, {"--threads", "-2"}, {"--seed", "1.5"}, {"--schedule", "linear"},
        };
        for (String[] b : bad) {
            assertUsage(ltx(transfer(b)), b[0]);
        }
    }

    @Test
    void outputFolders() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertUsage(ltx(train("--out", file.toString())), "--out", "not a folder");
        assertUsage(ltx(train("--out", file.resolve("below").toString())), "--out", "is not a folder");
        assertUsage(ltx(transfer("--out", file.toString())), "--out");
        assertUsage(ltx("match", source.toString(), source.toString(), "--out", file.toString()), "--out");
        assertUsage(ltx("reproduce", "mnist-mlp", "--synthetic", "--out", file.resolve("r").toString()), "--out");
    }
}
