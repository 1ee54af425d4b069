package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.nn.models.Activation;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.transfer.experiments.MnistMlpSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReproduceCommandTest {
    @TempDir
    Path tmp;

    private static MnistMlpSetup parse(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine.ParseResult r = Main.commandLine(sink, sink).parseArgs(args);
        return ((ReproduceCommand) r.subcommand().commandSpec().userObject()).setup();
    }

    @Test
    void optionsPickTheSetup() {
        MnistMlpSetup full = parse("reproduce", "mnist-mlp");
        assertEquals(MnistMlpSetup.full(Activation.RELU, null, 0), full);
        assertEquals(4096, full.width());
        assertEquals(3, full.pairs().size());
        MnistMlpSetup quick = parse("reproduce", "mnist-mlp", "--quick", "--activation", "none", "--threads", "1");
        assertEquals(Activation.NONE, quick.activation());
        assertEquals(1, quick.threads());
        assertEquals(DatasetKind.MNIST, quick.dataset());
        assertTrue(quick.width() < full.width() && quick.epochs() < full.epochs());
        assertEquals("mnist-mlp-quick-linear", quick.name());
        assertEquals(1, full.gmIters());
        MnistMlpSetup two = parse("reproduce", "mnist-mlp", "--grad-batches", "2");
        assertEquals(MnistMlpSetup.full(Activation.RELU, null, 0).withGradientBatches(2), two);
        assertEquals(2, two.transferConfig(dev.ltx.transfer.Method.FGMT).gmIters());
    }

    @Test
    void badInputExitsWithCodeTwoAndOneLine() {
        assertUsage(ltx("reproduce", "cifar-conv8"), "cifar-conv8", "mnist-mlp");
        assertUsage(ltx("reproduce"), "EXPERIMENT");
        assertUsage(ltx("reproduce", "mnist-mlp", "--activation", "tanh"), "tanh");
        assertUsage(ltx("reproduce", "mnist-mlp", "--threads", "-1"), "--threads");
        assertUsage(ltx("reproduce", "mnist-mlp", "--fast"), "--fast");
        assertUsage(ltx("reproduce", "mnist-mlp", "--grad-batches", "0"), "--grad-batches");
    }

    @Test
    void outputThatIsAFileIsBadInput() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertUsage(ltx("reproduce", "mnist-mlp", "--synthetic", "--out", file.toString()), "--out");
    }

    @Test
    void helpExitsZero() {
        CliHarness.Result r = ltx("reproduce", "--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("--quick") && r.out().contains("--activation"), r.out());
    }

    @Test
    void syntheticReproductionWritesTheReportAndReusesEverythingTheSecondTime() throws IOException {
        Path out = tmp.resolve("repro");
        CliHarness.Result first = ltx("reproduce", "mnist-mlp", "--synthetic", "--threads", "1", "--out", out.toString());
        assertTrue(first.code() == 0 || first.code() == Main.EXIT_FAILURE, first.toString());
        assertTrue(first.out().contains("runs trained 4, reused 0; transfers computed 8, reused 0"), first.out());
        assertTrue(first.out().contains("PASS GMT above chance") || first.out().contains("FAIL GMT above chance"));
        assertTrue(first.out().contains("| Method"), first.out());
        assertTrue(Files.isRegularFile(out.resolve("summary.md")));
        CliHarness.Result second = ltx("reproduce", "mnist-mlp", "--synthetic", "--threads", "1", "--out",
                out.toString());
        assertEquals(first.code(), second.code(), second.toString());
        assertTrue(second.out().contains("runs trained 0, reused 4; transfers computed 0, reused 8"), second.out());
        assertTrue(second.out().contains("reusing finished transfer"), second.out());
    }
}
