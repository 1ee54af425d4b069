package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.trajectory.AlphaSchedule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TransferCommandTest {
    @TempDir
    static Path tmp;
    static Path source;
    static Path target;

    @BeforeAll
    static void runs() throws IOException {
        source = CliHarness.syntheticRun(tmp.resolve("run-101"), 101);
        target = CliHarness.syntheticRun(tmp.resolve("run-102"), 102);
    }

    private static TransferConfig parse(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine.ParseResult r = Main.commandLine(sink, sink).parseArgs(args);
        return ((TransferCommand) r.subcommand().commandSpec().userObject()).toConfig();
    }

    @Test
    void optionsAreBoundIntoTheConfig() {
        TransferConfig c = parse("transfer", "--source", source.toString(), "--target-init", target.toString(),
                "--method", "GMT", "--steps", "7", "--schedule", "uniform", "--grad-batches", "2", "--bn-batches", "3",
                "--seed", "9", "--checkpoint-epochs", "-1,0,1", "--out", tmp.resolve("o").toString());
        assertEquals(TransferConfig.defaults(Method.GMT, 9).withSplits(7).withSchedule(AlphaSchedule.UNIFORM)
                .withGradientBatches(2).withBatchNormBatches(3, 128).withCheckpointEpochs(List.of(-1, 0, 1)), c);
        TransferConfig d = parse("transfer", "--source", source.toString(), "--target-init", target.toString(),
                "--method", "fgmt", "--out", "o");
        assertEquals(TransferConfig.defaults(Method.FGMT, 1), d);
        TransferConfig all = parse("transfer", "--source", source.toString(), "--target-init", target.toString(),
                "--method", "naive", "--checkpoint-epochs", "all", "--out", "o");
        assertEquals(List.of(-1, 1), all.checkpointEpochs());
    }

    @Test
    void badInputExitsWithCodeTwoAndOneLine() throws IOException {
        String s = source.toString();
        String t = target.toString();
        String o = tmp.resolve("bad").toString();
        assertUsage(ltx("transfer", "--source", s, "--target-init", t, "--out", o), "--method");
        assertUsage(ltx("transfer", "--source", s, "--target-init", t, "--method", "best", "--out", o), "best");
        assertUsage(ltx("transfer", "--source", tmp.toString(), "--target-init", t, "--method", "gmt", "--out", o),
                "--source", "not a run folder");
        assertUsage(ltx("transfer", "--source", s, "--target-init", tmp.resolve("nope").toString(), "--method", "gmt",
                "--out", o), "--target-init");
        assertUsage(ltx("transfer", "--source", s, "--target-init", t, "--method", "gmt", "--steps", "0", "--out", o),
                "--steps", "0");
        assertUsage(ltx("transfer", "--source", s, "--target-init", t, "--method", "gmt", "--schedule", "linear",
                "--out", o), "linear");
        assertUsage(ltx("transfer", "--source", s, "--target-init", t, "--method", "gmt", "--checkpoint-epochs", "0,1",
                "--out", o), "-1");
        assertUsage(ltx("transfer", "--source", s, "--target-init", t, "--method", "gmt", "--checkpoint-epochs", "none",
                "--out", o), "--checkpoint-epochs");
        Path ckpt = target.resolve("checkpoints/epoch_-1.safetensors");
        assertUsage(ltx("transfer", "--source", s, "--target-init", ckpt.toString(), "--method", "oracle", "--out", o),
                "Oracle", "--target-run");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertUsage(ltx("transfer", "--source", s, "--target-init", t, "--method", "gmt", "--out", file.toString()),
                "--out");
    }

    @Test
    void helpExitsZero() {
        CliHarness.Result r = ltx("transfer", "--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("--target-init") && r.out().contains("--grad-batches"), r.out());
    }

    @Test
    void transfersAndFineTunesIntoTheOutputFolder() throws IOException {
        Path out = tmp.resolve("fgmt");
        CliHarness.Result r = ltx("transfer", "--source", source.toString(), "--target-init", target.toString(),
                "--method", "fgmt", "--steps", "3", "--finetune-epochs", "1", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("FGMT step 3/3"), r.out());
        assertTrue(r.out().contains("fine-tuned 1 epochs"), r.out());
        assertEquals(4, Files.readAllLines(out.resolve("steps.csv")).size());
        assertTrue(Files.isRegularFile(out.resolve("transfer.json")));
        assertTrue(Files.isRegularFile(out.resolve("best.safetensors")));
        assertEquals(2, Files.readAllLines(out.resolve("finetune.csv")).size());
    }

    @Test
    void oracleFromACheckpointWithASeparateTargetRun() throws IOException {
        Path out = tmp.resolve("oracle");
        Path ckpt = target.resolve("checkpoints/epoch_-1.safetensors");
        CliHarness.Result r = ltx("transfer", "--source", source.toString(), "--target-init", ckpt.toString(),
                "--target-run", target.toString(), "--method", "oracle", "--steps", "2", "--threads", "1", "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("ORACLE step 2/2"), r.out());
        assertTrue(Files.readString(out.resolve("transfer.json")).contains("\"matchings\" : 1"));
    }
}
