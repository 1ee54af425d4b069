package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.nn.models.Activation;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.transfer.experiments.ExperimentDefinition;
import dev.ltx.transfer.experiments.ExperimentRegistry;
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

    private static ExperimentDefinition parse(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine.ParseResult r = Main.commandLine(sink, sink).parseArgs(args);
        return ((ReproduceCommand) r.subcommand().commandSpec().userObject()).definition();
    }

    private static ExperimentDefinition entry(String name, ExperimentRegistry.Size size) {
        return ExperimentRegistry.find(name).orElseThrow().definition(size);
    }

    @Test
    void optionsPickTheSetup() {
        ExperimentDefinition full = parse("reproduce", "mnist-mlp");
        assertEquals(entry("mnist-mlp", ExperimentRegistry.Size.FULL), full);
        assertEquals(4096, full.model().mlpWidth());
        assertEquals(3, full.pairs().size());
        assertEquals(3, full.transferSeeds());
        ExperimentDefinition quick = parse("reproduce", "mnist-mlp", "--quick", "--activation", "none", "--threads", "1");
        assertEquals(Activation.NONE, quick.model().activation());
        assertEquals(1, quick.threads());
        assertEquals(1, quick.transferSeeds());
        assertEquals(DatasetKind.MNIST, quick.dataset());
        assertTrue(quick.model().mlpWidth() < full.model().mlpWidth()
                && quick.training().epochs() < full.training().epochs());
        assertEquals("mnist-mlp-quick-linear", quick.name());
        assertEquals(1, full.transfer().gradientBatches());
        ExperimentDefinition two = parse("reproduce", "mnist-mlp", "--grad-batches", "2");
        assertEquals(entry("mnist-mlp", ExperimentRegistry.Size.FULL).withGradientBatches(2), two);
        assertEquals(2, two.transferConfig(dev.ltx.transfer.Method.FGMT, 1).gmIters());
        assertEquals(1, parse("reproduce", "mnist-mlp", "--transfer-seeds", "1").transferSeeds());
        assertEquals(5, parse("reproduce", "fmnist-conv8", "--quick", "--transfer-seeds", "5").transferSeeds());
        assertEquals("mnist-mlp-linear", parse("reproduce", "mnist-mlp-linear").name());
        ExperimentDefinition wide = parse("reproduce", "fmnist-conv8", "--width-factor", "0.25", "--pairs", "1");
        assertEquals(0.25, wide.model().widthFactor());
        assertEquals(1, wide.pairs().size());
        assertEquals(entry("fmnist-conv8", ExperimentRegistry.Size.FULL).pairs().get(0), wide.pairs().get(0));
        assertTrue(wide.notes().get(wide.notes().size() - 1).contains("width factor 0.25"), wide.notes().toString());
        assertEquals(3, parse("reproduce", "fmnist-conv8", "--pairs", "7").pairs().size());
    }

    @Test
    void listPrintsEveryExperimentWithItsEstimatedTime() {
        CliHarness.Result r = ltx("reproduce", "--list");
        assertEquals(0, r.code(), r.toString());
        for (ExperimentRegistry.Entry e : ExperimentRegistry.entries()) {
            assertTrue(r.out().contains(e.name()), e.name() + " in " + r.out());
        }
        assertTrue(r.out().contains("full ~") && r.out().contains("--quick ~"), r.out());
    }

    @Test
    void badInputExitsWithCodeTwoAndOneLine() {
        assertUsage(ltx("reproduce", "cifar-conv8"), "cifar-conv8", "mnist-mlp");
        assertUsage(ltx("reproduce"), "EXPERIMENT");
        assertUsage(ltx("reproduce", "mnist-mlp", "--activation", "tanh"), "tanh");
        assertUsage(ltx("reproduce", "mnist-mlp", "--threads", "-1"), "--threads");
        assertUsage(ltx("reproduce", "mnist-mlp", "--fast"), "--fast");
        assertUsage(ltx("reproduce", "mnist-mlp", "--grad-batches", "0"), "--grad-batches");
        assertUsage(ltx("reproduce", "mnist-mlp", "--transfer-seeds", "0"), "--transfer-seeds");
        assertUsage(ltx("reproduce", "fmnist-conv8", "--activation", "none"), "--activation");
        assertUsage(ltx("reproduce", "fmnist-conv8", "--width-factor", "0"), "--width-factor");
        assertUsage(ltx("reproduce", "fmnist-conv8", "--width-factor", "NaN"), "--width-factor");
        assertUsage(ltx("reproduce", "mnist-mlp", "--width-factor", "0.5"), "--width-factor");
        assertUsage(ltx("reproduce", "mnist-mlp", "--pairs", "0"), "--pairs");
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
        assertEquals(0, first.code(), first.toString());  // claims inform; they do not fail the command
        assertTrue(first.out().contains("runs trained 4, reused 0; transfers computed 8, reused 0"), first.out());
        assertTrue(first.out().contains("PASS GMT's best-step val acc is far above Naive's")
                || first.out().contains("FAIL GMT's best-step val acc is far above Naive's"), first.out());
        assertTrue(first.out().contains("| Method"), first.out());
        assertTrue(Files.isRegularFile(out.resolve("summary.md")));
        CliHarness.Result second = ltx("reproduce", "mnist-mlp", "--synthetic", "--threads", "1", "--out",
                out.toString());
        assertEquals(first.code(), second.code(), second.toString());
        assertTrue(second.out().contains("runs trained 0, reused 4; transfers computed 0, reused 8"), second.out());
        assertTrue(second.out().contains("reusing finished transfer"), second.out());
        // --strict turns a failed claim into exit 1 (the synthetic smoke run fails at least one: its
        // 1-epoch fine-tuning is not faster than standard training for every method)
        CliHarness.Result strict = ltx("reproduce", "mnist-mlp", "--synthetic", "--threads", "1", "--strict", "--out",
                out.toString());
        boolean anyFail = strict.out().contains("FAIL ");
        assertEquals(anyFail ? Main.EXIT_FAILURE : 0, strict.code(), strict.toString());
    }
}
