package dev.ltx.transfer.cli;

import dev.ltx.engine.Backend;
import dev.ltx.nn.io.FolderLock;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.transfer.experiments.Ablation;
import dev.ltx.transfer.experiments.AblationRunner;
import dev.ltx.transfer.experiments.ClaimResult;
import dev.ltx.transfer.experiments.ExperimentDefinition;
import dev.ltx.transfer.experiments.ExperimentRegistry;
import dev.ltx.transfer.experiments.ExperimentRunner;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ltx reproduce NAME}: one experiment of the suite ({@link ExperimentRegistry}) end to end
 * ({@link ExperimentRunner}), resumable, ending with the paper's claims checked. Exit status: 0 when
 * the run is valid whatever the claims say, 1 when it is invalid (or, with {@code --strict}, when a
 * claim fails), 2 on bad input. {@code --list} prints the experiments.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce a paper experiment end to end: train the source/target runs, transfer every pair with"
                + " Naive, Oracle, GMT and FGMT for each transfer seed, fine-tune, and write plots, tables, CSV and JSON"
                + " into one folder.",
            "Re-running reuses finished runs and transfers. Ends with the paper's claims, each PASS or FAIL with its"
                + " numbers; a FAIL is a finding, not an error (exit 0) unless --strict is given.",
            "Example: ltx reproduce mnist-mlp --quick --out /tmp/quick;  ltx reproduce --list"})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT",
            description = "mnist-mlp, mnist-mlp-linear, fmnist-conv8, fmnist-resnet18 (see --list).")
    String experiment;

    @Option(names = "--list", description = "Print the experiments with their paper figure and estimated time, then exit.")
    boolean list;

    @Option(names = "--quick", description = "The experiment's CI size (about two minutes or less on 2 cores).")
    boolean quick;

    @Option(names = "--transfer-seeds", paramLabel = "N",
            description = "Transfer seeds per pair (seeds 1..N; default 3 in full runs, 1 in quick runs).")
    Integer transferSeeds;

    @Option(names = "--ablations", description = "Run the paper's section 3.4 ablations (alpha schedule, T = 5..30,"
            + " gradient batches 1..8; GMT and FGMT, transfer seed 1, no fine-tuning) on this experiment's runs instead"
            + " of its main transfers: ablation-*.png/.csv and ablations.md in the output folder.")
    boolean ablations;

    @Option(names = "--strict", description = "Exit 1 when a claim check fails (default: report it and exit 0).")
    boolean strict;

    @Option(names = "--activation", paramLabel = "relu|none", converter = CliValues.Act.class,
            description = "mnist-mlp only: none runs mnist-mlp-linear, the official code's linear MLP (default relu).")
    Activation activation = Activation.RELU;

    @Option(names = "--grad-batches", paramLabel = "N", description = "Batches averaged per GMT/FGMT gradient "
            + "(default: the experiment's, e.g. 1 for MNIST as the official config, 2 for Conv8).")
    Integer gradBatches;

    @Option(names = "--width-factor", paramLabel = "X", description = "Conv8 and ResNet entries: channel multiplier"
            + " instead of the experiment's (e.g. 0.125; 1 is the paper's width); give a new --out for it.")
    Double widthFactor;

    @Option(names = "--pairs", paramLabel = "N", description = "Run only the experiment's first N seed pairs.")
    Integer pairs;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default results/<experiment name>).")
    Path out;

    @Mixin
    DeviceOption deviceOption = new DeviceOption();

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: -Dltx.threads or all cores); --device cpu only.")
    int threads;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Dataset folder (default: the fetched cache or"
            + " the install folder).")
    Path dataDir;

    @Option(names = "--synthetic", hidden = true, description = "Tiny synthetic data instead of MNIST (smoke tests).")
    boolean synthetic;

    @Override
    public Integer call() throws Exception {
        PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true,
                StandardCharsets.UTF_8);
        if (list) {
            ExperimentRegistry.entries().forEach(e -> log.println(e.listLine()));
            log.flush();
            return 0;
        }
        ExperimentDefinition def = definition();
        Path dir = out != null ? out : Path.of("results", def.name());
        OutputOption.check(spec, "--out", dir);
        try (FolderLock lock = FolderLock.acquire(dir); Backend backend = deviceOption.open(threads)) {
            if (ablations) {
                new AblationRunner(def, backend, log).run(dir, Ablation.standard(def));
                log.println();
                log.print(Files.readString(dir.resolve("ablations.md"), StandardCharsets.UTF_8));
                log.println("outputs: " + dir.toAbsolutePath());
                log.flush();
                return 0;
            }
            ExperimentRunner.Outcome o = new ExperimentRunner(def, backend, log).run(dir);
            log.println();
            log.print(Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8));
            log.println();
            log.printf(Locale.ROOT, "runs trained %d, reused %d; transfers computed %d, reused %d; wall time %.1f s%n",
                    o.trainedRuns(), o.reusedRuns(), o.transfersDone(), o.transfersReused(), o.seconds());
            log.println("outputs: " + dir.toAbsolutePath());
            o.claims().forEach(c -> log.println(c.line()));
            List<String> problems = o.results().problems();
            problems.forEach(p -> log.println("INVALID " + p));
            log.flush();
            if (!problems.isEmpty()) return Main.EXIT_FAILURE;
            return strict && !ClaimResult.allPassed(o.claims()) ? Main.EXIT_FAILURE : 0;
        }
    }

    /** The experiment's definition from the options; bad input throws {@link ParameterException}. */
    ExperimentDefinition definition() {
        if (experiment == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'EXPERIMENT' (one of "
                    + ExperimentRegistry.names() + "; or --list)");
        }
        String name = synthetic ? "synthetic-mlp" : experiment.strip().toLowerCase(Locale.ROOT);
        if (activation == Activation.NONE) {
            if (!name.equals("mnist-mlp")) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--activation': none"
                        + " applies to mnist-mlp only (use mnist-mlp-linear)");
            }
            name = "mnist-mlp-linear";
        }
        ExperimentRegistry.Entry entry = ExperimentRegistry.find(name).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "Invalid value for EXPERIMENT: '" + experiment + "' (available: "
                + ExperimentRegistry.names() + ")"));
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--data-dir': " + dataDir
                    + " (no such folder)");
        }
        check(threads >= 0, "--threads", threads);
        deviceOption.checkThreads(spec.commandLine(), threads);
        check(gradBatches == null || gradBatches >= 1, "--grad-batches", gradBatches);
        check(transferSeeds == null || transferSeeds >= 1, "--transfer-seeds", transferSeeds);
        ExperimentDefinition def = entry.definition(quick ? ExperimentRegistry.Size.QUICK : ExperimentRegistry.Size.FULL)
                .withEnvironment(dataDir, threads);
        if (gradBatches != null && gradBatches != def.transfer().gradientBatches()) {
            def = def.withGradientBatches(gradBatches);
        }
        check(pairs == null || pairs >= 1, "--pairs", pairs);
        if (widthFactor != null) {
            if (!(widthFactor > 0 && widthFactor <= ModelConfig.MAX_WIDTH_FACTOR)) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--width-factor': "
                        + widthFactor + " (must be in (0, " + ModelConfig.MAX_WIDTH_FACTOR + "])");
            }
            if (def.model().kind() == ModelKind.MLP) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--width-factor': "
                        + name + " is an MLP experiment (the width factor scales conv and ResNet channels)");
            }
            def = def.withWidthFactor(widthFactor);
        }
        if (pairs != null) {
            def = def.withFirstPairs(pairs);
        }
        return transferSeeds == null ? def : def.withTransferSeeds(transferSeeds);
    }

    private void check(boolean ok, String option, Object value) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value
                    + " (must be >= " + (option.equals("--threads") ? 0 : 1) + ")");
        }
    }
}
