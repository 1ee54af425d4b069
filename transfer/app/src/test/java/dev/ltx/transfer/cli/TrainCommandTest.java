package dev.ltx.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.OptimizerKind;
import dev.ltx.nn.train.OptimizerSettings;
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
import picocli.CommandLine;

class TrainCommandTest {
    @TempDir
    Path tmp;

    /** What {@code ltx args} printed and returned. */
    record Outcome(int code, String out, String err) {
    }

    static Outcome ltx(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Parses (with --config expansion, as Main does) and binds the train options. */
    static TrainConfig parse(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine cli = Main.commandLine(sink, sink);
        String[] expanded = ConfigFile.expand(args, Map.of("train", cli.getSubcommands().get("train").getCommandSpec()));
        CommandLine.ParseResult r = cli.parseArgs(expanded);
        TrainCommand cmd = (TrainCommand) r.subcommand().commandSpec().userObject();
        return cmd.toConfig();
    }

    @Test
    void optionsAreBoundIntoTheConfig() {
        TrainConfig c = parse("train", "--model", "conv8", "--dataset", "cifar10", "--epochs", "60", "--lr", "0.05",
                "--momentum", "0.8", "--weight-decay", "1e-4", "--schedule", "cosine:5", "--batch-size", "64",
                "--seed", "101", "--checkpoint-epochs", "-1,0,9", "--out", "runs/x", "--width-factor", "0.5",
                "--augment", "cifar-crop-flip", "--threads", "2", "--data-dir", "/data/c10", "--split-seed", "9",
                "--eval-batch-size", "256", "--log-every", "50");
        TrainConfig expected = TrainConfig.builder(ModelKind.CONV8, DatasetKind.CIFAR10)
                .model(ModelConfig.defaults(ModelKind.CONV8).withWidthFactor(0.5)).epochs(60)
                .optimizer(new OptimizerSettings(OptimizerKind.SGD, 0.8, 1e-4, false, 0.9, 0.999, 1e-8))
                .schedule(new LrSchedule.WarmupCosine(0.05, 5, 60)).batchSize(64).seed(101)
                .checkpointEpochs(List.of(-1, 0, 9)).augmentation(AugmentationPipeline.CIFAR_CROP_FLIP).threads(2)
                .dataDir(Path.of("/data/c10")).splitSeed(9).evalBatchSize(256).logEvery(50).build();
        assertEquals(expected, c);
    }

    @Test
    void defaultsAreThePapers() {
        TrainConfig c = parse("train", "--model", "mlp", "--dataset", "mnist", "--out", "r", "--width", "256",
                "--activation", "none", "--bias", "--optimizer", "adamw");
        assertEquals(ModelConfig.defaults(ModelKind.MLP).withMlp(256, Activation.NONE, true), c.model());
        assertEquals(OptimizerSettings.adamw(0.0), c.optimizer());
        assertEquals(new LrSchedule.Constant(1e-4), c.schedule());
        assertEquals(TrainConfig.allEpochs(10), c.checkpointEpochs());
        assertEquals(128, c.batchSize());
        assertEquals(0, c.seed());
        assertEquals(ModelKind.RESNET18_224, parse("train", "--model", "resnet18", "--dataset", "cifar10", "--out",
                "r", "--checkpoint-epochs", "-1..2", "--epochs", "3").model().kind());
    }

    @Test
    void badInputExitsWithCodeTwoAndOneLine() {
        assertUsage(ltx("train", "--model", "vgg", "--dataset", "mnist", "--out", "r"), "--model", "vgg");
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "mnist", "--out", "r", "--epochs", "-3"), "--epochs", "-3");
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "mnist", "--out", "r", "--checkpoint-epochs", "-1,x"),
                "--checkpoint-epochs", "'x'");
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "mnist", "--out", "r", "--checkpoint-epochs=-2"),
                "--checkpoint-epochs", "-2");
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "mnist", "--out", "r", "--epochs", "3",
                "--checkpoint-epochs", "0,5"), "checkpoint epoch 5");
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "mnist", "--out", "r", "--schedule", "cosine:x"),
                "--schedule", "cosine:x");
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "mnist"), "--out");
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "mnist", "--out", "r", "--frobnicate"), "--frobnicate");
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "mnist", "--out", "r", "--lr", "fast"), "--lr", "fast");
        assertUsage(ltx(), "subcommand");
    }

    private static void assertUsage(Outcome o, String... fragments) {
        assertEquals(Main.EXIT_USAGE, o.code(), o.toString());
        String line = o.err().strip();
        assertFalse(line.contains("\n"), "one line: " + o.err());
        assertFalse(line.contains("Exception") || line.contains("\tat "), "no stack trace: " + o.err());
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' in: " + line);
        }
    }

    @Test
    void missingDataIsBadInputInOneLine() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("no-data"));
        Outcome o = ltx("train", "--model", "mlp", "--dataset", "fashion-mnist", "--data-dir", empty.toString(),
                "--epochs", "1", "--out", tmp.resolve("run").toString());
        assertEquals(Main.EXIT_USAGE, o.code(), o.toString());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("apt-get install -y dataset-fashion-mnist"), o.err());
        assertTrue(o.err().contains(empty.resolve("train-images-idx3-ubyte.gz").toString()), o.err());
        assertFalse(o.err().contains("or pass the dataset's folder with --data-dir"), "it was passed: " + o.err());
        assertFalse(Files.exists(tmp.resolve("run")), "no run folder is left behind when the data is missing");
    }

    @Test
    void helpIsPrintedForEachCommand() {
        Outcome top = ltx("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("train"), top.out());
        Outcome train = ltx("train", "--help");
        assertEquals(0, train.code());
        for (String option : List.of("--model", "--checkpoint-epochs", "--config", "--schedule", "--out")) {
            assertTrue(train.out().contains(option), option + " in " + train.out());
        }
    }

    @Test
    void configFileIsOverriddenByTheCommandLine() throws IOException {
        Path file = tmp.resolve("cfg.json");
        Files.writeString(file, "{\"model\": \"mlp\", \"dataset\": \"synthetic\", \"epochs\": 3, \"lr\": 0.2,"
                + " \"bias\": true, \"checkpoint-epochs\": [-1, 1], \"out\": \"runs/a\", \"seed\": 5, \"width\": 64,"
                + " \"data-dir\": null}");
        TrainConfig fromFile = parse("train", "--config", file.toString());
        assertEquals(3, fromFile.epochs());
        assertEquals(new LrSchedule.Constant(0.2), fromFile.schedule());
        assertTrue(fromFile.model().bias());
        assertEquals(List.of(-1, 1), fromFile.checkpointEpochs());
        assertEquals(64, fromFile.model().mlpWidth());

        TrainConfig overridden = parse("train", "--epochs", "2", "--config=" + file, "--no-bias", "--seed", "6");
        assertEquals(2, overridden.epochs());
        assertFalse(overridden.model().bias());
        assertEquals(6, overridden.seed());
        assertEquals(new LrSchedule.Constant(0.2), overridden.schedule(), "untouched keys come from the file");
        assertEquals(List.of(-1, 1), overridden.checkpointEpochs());
    }

    @Test
    void badConfigFilesAreUsageErrors() throws IOException {
        Path unknown = tmp.resolve("unknown.json");
        Files.writeString(unknown, "{\"model\": \"mlp\", \"learning-rate\": 0.1}");
        assertUsage(ltx("train", "--config", unknown.toString()), "unknown key 'learning-rate'", "lr");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"model\": ");
        assertUsage(ltx("train", "--config", broken.toString()), "not valid JSON");
        assertUsage(ltx("train", "--config", tmp.resolve("absent.json").toString()), "cannot read config file");
        Path badValue = tmp.resolve("bad.json");
        Files.writeString(badValue, "{\"model\": \"mlp\", \"dataset\": \"mnist\", \"out\": \"r\", \"epochs\": 0}");
        assertUsage(ltx("train", "--config", badValue.toString()), "--epochs", "0");
    }

    @Test
    void initFromStartsFromAPretrainedCheckpointWithAFreshHead() throws IOException {
        Path pre = tmp.resolve("pre");
        String[] common = {"--model", "mlp", "--width", "16", "--bias", "--dataset", "synthetic", "--epochs", "1",
            "--lr", "0.05", "--batch-size", "32", "--log-every", "0", "--threads", "1"};
        Outcome first = ltx(concat(new String[] {"train", "--seed", "5", "--out", pre.toString()}, common));
        assertEquals(0, first.code(), first.toString());
        Path checkpoint = RunFolder.open(pre).checkpointFile(0);

        TrainConfig c = parse(concat(new String[] {"train", "--seed", "777", "--init-from", checkpoint.toString(),
            "--out", "x"}, common));
        assertEquals(new dev.ltx.nn.train.PretrainedStart(checkpoint, 1555), c.pretrained(), "head seed 2*777+1");
        assertEquals(9, parse(concat(new String[] {"train", "--init-from", checkpoint.toString(), "--head-seed", "9",
            "--out", "x"}, common)).pretrained().headSeed());
        Path ft = tmp.resolve("ft");
        Outcome tuned = ltx(concat(new String[] {"train", "--seed", "777", "--init-from", checkpoint.toString(),
            "--out", ft.toString()}, common));
        assertEquals(0, tuned.code(), tuned.toString());
        assertEquals(c.pretrained(), RunFolder.open(ft).config().pretrained());

        assertUsage(ltx(concat(new String[] {"train", "--init-from", tmp.resolve("none").toString(), "--out",
            tmp.resolve("x").toString()}, common)), "--init-from", "no such file");
        assertUsage(ltx(concat(new String[] {"train", "--head-seed", "3", "--out", tmp.resolve("y").toString()},
                common)), "--head-seed", "needs --init-from");
        Path conv = tmp.resolve("conv");
        Outcome wrong = ltx("train", "--model", "conv8", "--width-factor", "0.0625", "--dataset", "synthetic",
                "--epochs", "1", "--init-from", checkpoint.toString(), "--out", conv.toString());
        assertEquals(2, wrong.code(), wrong.toString());
        assertTrue(wrong.err().contains("pre-trained backbone for conv8") && wrong.err().lines().count() == 1,
                wrong.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void trainsInProcessAndReusesTheFinishedRun() throws IOException {
        Path run = tmp.resolve("run");
        String[] args = {"train", "--model", "mlp", "--width", "16", "--bias", "--dataset", "synthetic", "--epochs", "2",
            "--lr", "0.05", "--batch-size", "32", "--checkpoint-epochs", "-1", "--log-every", "0", "--threads", "1",
            "--out", run.toString()};
        Outcome first = ltx(args);
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("epoch 2/2 done"), first.out());
        assertTrue(first.out().contains("test accuracy"), first.out());
        RunFolder folder = RunFolder.open(run);
        assertTrue(folder.isFinished());
        assertEquals(List.of(-1, 1), folder.checkpointEpochs());
        assertTrue(folder.metadata().orElseThrow().testAccuracy() > 50, first.out());

        Outcome second = ltx(args);
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("reused finished run"), second.out());

        Path runConfig = run.resolve("config.json");
        Outcome repeated = ltx("train", "--config", runConfig.toString(), "--out", run.toString());
        assertEquals(0, repeated.code(), repeated.toString());
        assertTrue(repeated.out().contains("reused finished run"), repeated.out());
        Outcome overridden = ltx("train", "--config", runConfig.toString(), "--epochs", "3", "--out", run.toString());
        assertEquals(Main.EXIT_FAILURE, overridden.code(), overridden.toString());
        assertTrue(overridden.err().contains("different config"), overridden.err());

        String[] changed = args.clone();
        changed[9] = "3";
        Outcome refused = ltx(changed);
        assertEquals(Main.EXIT_FAILURE, refused.code(), refused.toString());
        assertTrue(refused.err().contains("different config"), refused.err());
    }
}
