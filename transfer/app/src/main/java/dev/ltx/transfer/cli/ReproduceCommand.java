package dev.ltx.transfer.cli;

import dev.ltx.engine.Backend;
import dev.ltx.nn.io.FolderLock;
import dev.ltx.nn.models.Activation;
import dev.ltx.transfer.experiments.MnistMlpExperiment;
import dev.ltx.transfer.experiments.MnistMlpSetup;
import dev.ltx.transfer.experiments.SanityChecks;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ltx reproduce mnist-mlp}: the paper's MNIST 2-MLP experiment end to end
 * ({@link MnistMlpExperiment}), resumable, with sanity checks at the end (exit 1 when one fails).
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce a paper experiment end to end: train the source/target runs, transfer every pair with"
                + " Naive, Oracle, GMT and FGMT, fine-tune, and write plots, tables, CSV and JSON into one folder.",
            "Re-running reuses finished runs and transfers. Ends with PASS/FAIL sanity checks (exit 1 on FAIL).",
            "Example: ltx reproduce mnist-mlp --quick --out /tmp/quick"})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "mnist-mlp (the paper's Figures 5a and 6).")
    String experiment;

    @Option(names = "--quick", description = "CI size: width 128, 2 epochs, 2 pairs, 2 fine-tuning epochs (under a minute).")
    boolean quick;

    @Option(names = "--activation", paramLabel = "relu|none", converter = CliValues.Act.class,
            description = "Hidden activation (default relu; none is the official code's linear MLP).")
    Activation activation = Activation.RELU;

    @Option(names = "--grad-batches", paramLabel = "N", description = "Batches of 128 averaged per GMT/FGMT gradient "
            + "(default 1, the official MNIST value; more cost more gradient time).")
    int gradBatches = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default results/<experiment name>).")
    Path out;

    @Mixin
    DeviceOption deviceOption = new DeviceOption();

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: -Dltx.threads or all cores).")
    int threads;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "MNIST folder (default: the fetched cache).")
    Path dataDir;

    @Option(names = "--synthetic", hidden = true, description = "Tiny synthetic data instead of MNIST (smoke tests).")
    boolean synthetic;

    @Override
    public Integer call() throws Exception {
        MnistMlpSetup setup = setup();
        Path dir = out != null ? out : Path.of("results", setup.name());
        OutputOption.check(spec, "--out", dir);
        PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true,
                StandardCharsets.UTF_8);
        try (FolderLock lock = FolderLock.acquire(dir); Backend backend = deviceOption.open(threads)) {
            MnistMlpExperiment.Outcome o = new MnistMlpExperiment(setup, backend, log).run(dir);
            log.println();
            log.print(Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8));
            log.println();
            log.printf(Locale.ROOT, "runs trained %d, reused %d; transfers computed %d, reused %d; wall time %.1f s%n",
                    o.trainedRuns(), o.reusedRuns(), o.transfersDone(), o.transfersReused(), o.seconds());
            log.println("outputs: " + dir.toAbsolutePath());
            List<SanityChecks.Check> checks = SanityChecks.check(o.outcomes(), setup.classes());
            checks.forEach(c -> log.println(c.line()));
            log.flush();
            return SanityChecks.allPassed(checks) ? 0 : Main.EXIT_FAILURE;
        }
    }

    /** The experiment's settings from the options; bad input throws {@link ParameterException}. */
    MnistMlpSetup setup() {
        if (!"mnist-mlp".equals(experiment.strip().toLowerCase(Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "Invalid value for EXPERIMENT: '" + experiment
                    + "' (available: mnist-mlp)");
        }
        if (threads < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--threads': " + threads
                    + " (must be >= 0)");
        }
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--data-dir': " + dataDir
                    + " (no such folder)");
        }
        if (gradBatches < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--grad-batches': " + gradBatches
                    + " (must be >= 1)");
        }
        MnistMlpSetup s = synthetic ? MnistMlpSetup.synthetic(activation, threads)
                : quick ? MnistMlpSetup.quick(activation, dataDir, threads) : MnistMlpSetup.full(activation, dataDir, threads);
        return gradBatches == s.gmIters() ? s : s.withGradientBatches(gradBatches);
    }
}
