package dev.ltx.transfer.cli;

import dev.ltx.engine.Backend;
import dev.ltx.nn.io.CheckpointMismatchException;
import dev.ltx.nn.io.FolderLock;
import dev.ltx.nn.io.SafetensorsException;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.transfer.FineTuneConfig;
import dev.ltx.transfer.FineTuneResult;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.TransferResults;
import dev.ltx.transfer.experiments.TransferInputs;
import dev.ltx.transfer.lap.LapWarmup;
import dev.ltx.transfer.trajectory.AlphaSchedule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ltx transfer}: one learning transfer from a source run to a target initialization, a thin
 * layer over {@link LearningTransfer}; results go to {@code --out} ({@link TransferResults}).
 */
@Command(name = "transfer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Transfer a source run's learning trajectory to a target initialization.",
            "Example: ltx transfer --source runs/mnist-101 --target-init runs/mnist-102 --method fgmt --steps 10"
                    + " --finetune-epochs 3 --out out/fgmt",
            "From PyTorch checkpoints: ltx transfer --source-checkpoints s0.safetensors,s1.safetensors --model mlp"
                    + " --width 256 --dataset mnist --target-init t0.safetensors --method fgmt --out out/fgmt"})
final class TransferCommand implements Callable<Integer> {
    /** Largest step, batch or epoch count accepted. */
    static final int MAX_COUNT = 100_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "RUN_DIR",
            description = "Source run folder (ltx train); its config gives model and data. Or --source-checkpoints.")
    Path source;

    @Mixin
    CheckpointOptions checkpoints = new CheckpointOptions();

    @Option(names = "--target-init", paramLabel = "RUN_DIR|CHECKPOINT",
            description = "Target initialization: a run folder (its epoch -1) or a .safetensors checkpoint. Required"
                    + " (with --target-checkpoints: default their first file). Repeat it to transfer the one source"
                    + " to several targets in one pass (source work shared; results in --out/target-K, targets.csv).")
    List<Path> targetInits = new ArrayList<>();

    /** The first (or only) target init, null when none was given. */
    private Path targetInit;

    @Option(names = "--target-run", paramLabel = "RUN_DIR",
            description = "Trained target run for the Oracle (default: --target-init when it is a run folder).")
    Path targetRun;

    @Option(names = "--method", paramLabel = "naive|oracle|gmt|fgmt", required = true, converter = MethodConverter.class,
            description = "Transfer method. Required.")
    Method method;

    @Option(names = "--steps", paramLabel = "T", description = "Steps per trajectory segment (default 10).")
    int steps = 10;

    @Option(names = "--schedule", paramLabel = "cosine|uniform", converter = ScheduleConverter.class,
            description = "Spacing of the steps (default cosine, as the official code).")
    AlphaSchedule schedule = AlphaSchedule.COSINE;

    @Option(names = "--grad-batches", paramLabel = "N", description = "Batches averaged per gradient (default 1).")
    int gradBatches = 1;

    @Option(names = "--bn-batches", paramLabel = "N",
            description = "Batches of 128 re-estimating batch-norm statistics per step (default 0; models with BN need > 0).")
    int bnBatches;

    @Option(names = "--checkpoint-epochs", paramLabel = "LIST", converter = CliValues.Epochs.class,
            description = "Source checkpoints forming the trajectory, starting at -1, e.g. -1,4,9 or all (default: -1 and"
                    + " the final one; with --source-checkpoints: every file, file k being epoch k-1).")
    CliValues.EpochList checkpointEpochs;

    @Option(names = "--finetune-epochs", paramLabel = "N",
            description = "Epochs of training from the best step afterwards (default 0; MLP: SGD lr 0.01 momentum 0.9,"
                    + " CNN: AdamW lr 1e-4 wd 1e-4).")
    int finetuneEpochs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of batches and matching order (default 1).")
    long seed = 1;

    @Option(names = "--eval-test", description = "Also evaluate the final and best parameters on the test split"
            + " (test.json).")
    boolean evalTest;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder. Required.")
    Path out;

    private ModelChoice modelChoice;

    @Mixin
    DeviceOption deviceOption = new DeviceOption();

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: -Dltx.threads or all cores); --device cpu only.")
    int threads;

    @Override
    public Integer call() throws Exception {
        TransferConfig config = toConfig();
        PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true,
                StandardCharsets.UTF_8);
        if (method.matchesGradients()) {
            LapWarmup.startInBackground(); // the assignment solver's kernels compile while the inputs load
        }
        try (FolderLock lock = FolderLock.acquire(out); Backend backend = deviceOption.open(threads)) {
            LearningTransfer lt = checkpoints.active()
                    ? checkpoints.open(spec.commandLine(), modelChoice, targetInit, seed, backend, log)
                    : TransferInputs.open(source, targetInit, targetRun, backend, log);
            FineTuneConfig ft = finetuneEpochs > 0 ? fineTuneConfig() : null;
            if (targetInits.size() > 1) {
                ManyTargets.run(out, targetInits, others(lt), config, ft, evalTest, log);
                log.println("results: " + out.toAbsolutePath());
                return 0;
            }
            TransferResult r = lt.transfer(config);
            TransferResults.write(out, r, backend);
            log.printf(Locale.ROOT, "%s: best step %d/%d, val acc %.2f%%; final %.2f%%; gradients %.1fs, matching %.1fs,"
                            + " total %.1fs%n", method, r.bestStep(), r.steps().size(), r.bestAccuracy(),
                    r.steps().get(r.steps().size() - 1).validationAccuracy(), r.gradientSeconds(), r.matchingSeconds(),
                    r.seconds());
            if (evalTest) {
                TestEvaluation.write(out, lt, r, log);
            }
            if (ft != null) {
                FineTuneResult f = lt.fineTune(r, ft);
                TransferResults.write(out, "finetune", f);
                log.printf(Locale.ROOT, "fine-tuned %d epochs from step %d: test acc %.2f%%%n", finetuneEpochs,
                        f.startStep(), f.testAccuracy());
                EnsembleReport.write(out, List.of(lt), List.of(targetInit), List.of(f), config.bnStatsIters(), seed, log);
            }
            log.println("results: " + out.toAbsolutePath());
        }
        return 0;
    }

    private FineTuneConfig fineTuneConfig() throws IOException {
        boolean mlp = checkpoints.active() ? modelChoice.mlpRecipe()
                : RunFolder.open(source).config().model().kind() == ModelKind.MLP;
        return (mlp ? FineTuneConfig.mnist(seed) : FineTuneConfig.cnn(seed)).withEpochs(finetuneEpochs);
    }

    /** The first target's transfer and one per further --target-init, sharing its source, model and data. */
    private List<LearningTransfer> others(LearningTransfer first) throws IOException {
        List<LearningTransfer> all = new ArrayList<>(List.of(first));
        for (Path p : targetInits.subList(1, targetInits.size())) {
            try {
                all.add(first.withTarget(p));
            } catch (CheckpointMismatchException | SafetensorsException | NoSuchFileException e) {
                throw new ParameterException(spec.commandLine(), "--target-init " + p + ": " + e.getMessage());
            }
        }
        return all;
    }

    /** The validated transfer config; bad values and missing inputs throw {@link ParameterException}. */
    TransferConfig toConfig() {
        targetInit = targetInits.isEmpty() ? null : targetInits.get(0);
        if (targetInits.size() > 1 && targetRun != null) {
            throw new ParameterException(spec.commandLine(), "--target-run goes with one --target-init; with several,"
                    + " give each target as a run folder (the Oracle uses its checkpoints)");
        }
        if (checkpoints.active() == (source != null)) {
            throw new ParameterException(spec.commandLine(), "give either --source RUN_DIR or --source-checkpoints"
                    + " FILE,FILE...");
        }
        return checkpoints.active() ? fileModeConfig() : runModeConfig();
    }

    private TransferConfig runModeConfig() {
        if (targetInit == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--target-init=RUN_DIR|CHECKPOINT'");
        }
        if (checkpoints.anySet()) {
            throw new ParameterException(spec.commandLine(), "--model, its settings (--width, ...), --dataset, --data-dir,"
                    + " --class-subset and --target-checkpoints go with --source-checkpoints; a run folder's config names"
                    + " its model and data");
        }
        if (!RunFolder.exists(source)) {
            throw invalid("--source", source, "not a run folder: config.json is missing");
        }
        for (Path t : targetInits) {
            if (!Files.exists(t)) {
                throw invalid("--target-init", t, "no such run folder or checkpoint");
            }
            if (Files.isDirectory(t) && !RunFolder.exists(t)) {
                throw invalid("--target-init", t, "not a run folder: config.json is missing");
            }
            if (method == Method.ORACLE && targetRun == null && !Files.isDirectory(t)) {
                throw new ParameterException(spec.commandLine(), "the Oracle needs the trained target run: give"
                        + " --target-run RUN_DIR or a run folder as --target-init (" + t + ")");
            }
        }
        if (targetRun != null && !RunFolder.exists(targetRun)) {
            throw invalid("--target-run", targetRun, "not a run folder: config.json is missing");
        }
        try {
            TransferConfig c = commonConfig();
            if (checkpointEpochs == null) {
                return c;
            }
            List<Integer> epochs = checkpointEpochs.all() ? RunFolder.open(source).checkpointEpochs()
                    : checkpointEpochs.epochs();
            if (epochs.size() < 2) {
                throw invalid("--checkpoint-epochs", epochs, "a trajectory needs -1 and at least one later epoch");
            }
            return c.withCheckpointEpochs(epochs);
        } catch (IOException e) {
            throw invalid("--source", source, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid options: " + e.getMessage());
        }
    }

    /** Checkpoint-file mode: files exist, the model fits the dataset; every file's header is checked in {@link #call}. */
    private TransferConfig fileModeConfig() {
        if (targetRun != null) {
            throw invalid("--target-run", targetRun, "with --source-checkpoints give the target's files as"
                    + " --target-checkpoints");
        }
        if (targetInit == null && checkpoints.targetCheckpoints == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--target-init=CHECKPOINT'");
        }
        if (method == Method.ORACLE && checkpoints.targetCheckpoints == null) {
            throw new ParameterException(spec.commandLine(), "the Oracle needs the trained target's trajectory: give"
                    + " --target-checkpoints FILE,FILE...");
        }
        if (targetInits.size() > 1 && (checkpoints.targetCheckpoints != null || method == Method.ORACLE)) {
            throw new ParameterException(spec.commandLine(), "several --target-init files go without"
                    + " --target-checkpoints and the Oracle (one target's trajectory per command)");
        }
        for (Path t : targetInits) {
            checkpoints.checkFiles(spec.commandLine(), t);
        }
        if (targetInits.isEmpty()) {
            checkpoints.checkFiles(spec.commandLine(), null);
        }
        modelChoice = checkpoints.choice(spec.commandLine());
        int files = checkpoints.sourceCheckpoints.size();
        List<Integer> all = new ArrayList<>();
        for (int e = -1; e < files - 1; e++) {
            all.add(e);
        }
        List<Integer> epochs = checkpointEpochs == null || checkpointEpochs.all() ? all : checkpointEpochs.epochs();
        if (epochs.size() < 2 || epochs.get(0) != -1 || !all.containsAll(epochs)) {
            throw invalid("--checkpoint-epochs", epochs, "with " + files + " checkpoint files, positions -1.."
                    + (files - 2) + " starting at -1, at least two");
        }
        try {
            return commonConfig().withCheckpointEpochs(epochs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid options: " + e.getMessage());
        }
    }

    /** The settings both modes share, range-checked. */
    private TransferConfig commonConfig() {
        within("--steps", steps, 1, MAX_COUNT);
        within("--grad-batches", gradBatches, 1, MAX_COUNT);
        within("--bn-batches", bnBatches, 0, MAX_COUNT);
        within("--finetune-epochs", finetuneEpochs, 0, MAX_COUNT);
        atLeast("--threads", threads, 0);
        deviceOption.checkThreads(spec.commandLine(), threads);
        OutputOption.check(spec, "--out", out);
        return TransferConfig.defaults(method, seed).withSplits(steps).withSchedule(schedule)
                .withGradientBatches(gradBatches).withBatchNormBatches(bnBatches, 128);
    }

    private void within(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(option, value, "must be in [" + min + ", " + max + "]");
        }
    }

    private void atLeast(String option, int value, int min) {
        if (value < min) {
            throw invalid(option, value, "must be >= " + min);
        }
    }

    private ParameterException invalid(String option, Object value, String why) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value
                + " (" + why + ")");
    }

    static final class MethodConverter implements ITypeConverter<Method> {
        @Override
        public Method convert(String text) {
            try {
                return Method.parse(text.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ScheduleConverter implements ITypeConverter<AlphaSchedule> {
        @Override
        public AlphaSchedule convert(String text) {
            try {
                return AlphaSchedule.parse(text.strip());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
