package dev.ltx.transfer.cli;

import dev.ltx.engine.Backend;
import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.data.DatasetMissingException;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.DivergencePolicy;
import dev.ltx.nn.train.OptimizerKind;
import dev.ltx.nn.train.OptimizerSettings;
import dev.ltx.nn.train.PretrainedStart;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainResult;
import dev.ltx.nn.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ltx train}: trains one source trajectory into a run folder (see
 * {@link dev.ltx.nn.train.RunFolder}). Options are bound into a {@link TrainConfig}; unset ones take
 * the paper's defaults. Re-running into a folder that holds the same finished run reuses it.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model and save its checkpoints, metrics and metadata in a run folder.",
            "Example: ltx train --model mlp --width 256 --dataset mnist --epochs 10 --lr 0.01 --out runs/mnist-101"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON object of option names (without --) to values; command-line options override it.")
    String configFile;

    @Option(names = "--model", paramLabel = "KIND", converter = CliValues.Model.class,
            description = "mlp, conv4, conv6, conv8, resnet18 (224-px stem) or resnet18-32. Required.")
    ModelKind model;

    @Option(names = "--dataset", paramLabel = "NAME", converter = CliValues.Data.class,
            description = "mnist, fashion-mnist, cifar10, cifar100 or synthetic (tiny, for smoke tests). Required.")
    DatasetKind dataset;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run folder to create (or reuse). Required.")
    Path out;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default 10).")
    Integer epochs;

    @Option(names = "--optimizer", paramLabel = "sgd|adamw", converter = CliValues.Optim.class,
            description = "Optimizer (default sgd).")
    OptimizerKind optimizer;

    @Option(names = "--lr", paramLabel = "LR", description = "Initial learning rate (default 0.01 for SGD, 1e-4 for AdamW).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default 0.9).")
    Double momentum;

    @Option(names = "--nesterov", negatable = true, description = "SGD Nesterov momentum (default off).")
    Boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "WD",
            description = "SGD: L2 coupled into the gradient; AdamW: decoupled (default 0).")
    Double weightDecay;

    @Option(names = "--schedule", paramLabel = "SPEC",
            description = "constant, cosine[:WARMUP_EPOCHS], multistep:M1/M2[:GAMMA], or a full spec such as "
                    + "cosine:lr=0.1,epochs=100,warmup=5 (default constant).")
    String schedule;

    @Option(names = "--batch-size", paramLabel = "B", description = "Training batch size (default 128).")
    Integer batchSize;

    @Option(names = "--eval-batch-size", paramLabel = "B", description = "Evaluation batch size (default 512).")
    Integer evalBatchSize;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of init, shuffling and augmentation (default 0).")
    Long seed;

    @Option(names = "--split-seed", paramLabel = "S", description = "Seed of the 9:1 train/validation split (default 777).")
    Long splitSeed;

    @Option(names = "--train-examples", paramLabel = "N", description = "Train on the first N examples of the"
            + " (seeded) training split; 0 for all (default).")
    Integer trainExamples;

    @Option(names = "--eval-examples", paramLabel = "N", description = "Validate and test on the first N examples"
            + " of each split; 0 for all (default).")
    Integer evalExamples;

    @Option(names = "--init-from", paramLabel = "FILE", description = "Start from this pre-trained checkpoint"
            + " (e.g. RUN/checkpoints/epoch_9.safetensors) with a fresh head instead of a random init: the"
            + " pre-trained scenario.")
    Path initFrom;

    @Option(names = "--head-seed", paramLabel = "S", description = "Seed of the fresh head with --init-from"
            + " (default 2*seed+1, as the official code).")
    Long headSeed;

    @Option(names = "--checkpoint-epochs", paramLabel = "LIST", converter = CliValues.Epochs.class,
            description = "Epochs to save, e.g. -1,0,9 or -1..9, all or none; -1 is the initial model, the final "
                    + "epoch is always saved (default all).")
    CliValues.EpochList checkpointEpochs;

    @Option(names = "--width", paramLabel = "H", description = "MLP hidden width (default 4096).")
    Integer width;

    @Option(names = "--width-factor", paramLabel = "F", description = "Channel multiplier of conv nets and ResNet (default 1).")
    Double widthFactor;

    @Option(names = "--activation", paramLabel = "relu|none", converter = CliValues.Act.class,
            description = "MLP hidden activation (default relu; none is the official code's linear MLP).")
    Activation activation;

    @Option(names = "--bias", negatable = true, description = "MLP layers with biases (default off, as official).")
    Boolean bias;

    @Option(names = "--augment", paramLabel = "NAME", converter = CliValues.Augment.class,
            description = "none, cifar-official or cifar-crop-flip (default: none for MNIST-like data, cifar-official for CIFAR).")
    AugmentationPipeline augment;

    @Option(names = "--class-subset", paramLabel = "K",
            description = "cifar100: the paper's 10-class split 1..5, or 0 for all 100 classes (default 1).")
    Integer classSubset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Dataset folder (default: the dataset's cache or install folder).")
    Path dataDir;

    @Mixin
    DeviceOption deviceOption = new DeviceOption();

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: -Dltx.threads or all cores); --device cpu only.")
    Integer threads;

    @Option(names = "--on-divergence", paramLabel = "stop|skip-step", converter = PolicyConverter.class,
            description = "When a step's loss or gradients are NaN or infinite: stop (default; exit 3, the last good"
                    + " checkpoint is kept) or skip-step (skip that update and go on).")
    DivergencePolicy onDivergence = DivergencePolicy.STOP;

    @Option(names = "--log-every", paramLabel = "STEPS", description = "Progress line every STEPS steps, 0 for epoch lines only (default 100).")
    Integer logEvery;

    @Override
    public Integer call() throws Exception {
        TrainConfig config = toConfig();
        if (dataDir != null && !java.nio.file.Files.isDirectory(dataDir)) {
            throw invalid("--data-dir", dataDir, "no such folder");
        }
        PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true,
                java.nio.charset.StandardCharsets.UTF_8);
        try (Backend backend = deviceOption.open(config.threads())) {
            TrainResult r;
            try {
                r = new Trainer(config, backend, log).onDivergence(onDivergence).run(out);
            } catch (DatasetMissingException e) {
                throw dataDir != null ? e
                        : new DatasetMissingException(e.getMessage() + " (or pass the dataset's folder with --data-dir)");
            }
            log.printf("test accuracy %.2f%%%s%n", r.testAccuracy(), r.reused() ? " (reused finished run)" : "");
        }
        return 0;
    }

    /** The options bound into a validated config; bad values throw {@link ParameterException}. */
    TrainConfig toConfig() {
        require(model, "--model");
        require(dataset, "--dataset");
        require(out, "--out");
        OutputOption.check(spec, "--out", out);
        atLeast("--epochs", epochs, 1);
        atLeast("--batch-size", batchSize, 1);
        atLeast("--eval-batch-size", evalBatchSize, 1);
        atLeast("--width", width, 1);
        atLeast("--threads", threads, 0);
        deviceOption.checkThreads(spec.commandLine(), threads != null ? threads : 0);
        atLeast("--log-every", logEvery, 0);
        nonNegative("--lr", lr);
        nonNegative("--momentum", momentum);
        nonNegative("--weight-decay", weightDecay);
        if (widthFactor != null && !(widthFactor > 0 && Double.isFinite(widthFactor))) {
            throw invalid("--width-factor", widthFactor, "must be > 0");
        }
        try {
            TrainConfig.Builder b = TrainConfig.builder(model, dataset);
            ModelConfig m = ModelConfig.defaults(model);
            m = m.withMlp(width != null ? width : m.mlpWidth(), activation != null ? activation : m.activation(),
                    bias != null ? bias : m.bias());
            b.model(widthFactor != null ? m.withWidthFactor(widthFactor) : m);
            int e = epochs != null ? epochs : 10;
            b.epochs(e);
            OptimizerKind kind = optimizer != null ? optimizer : OptimizerKind.SGD;
            double wd = weightDecay != null ? weightDecay : 0.0;
            OptimizerSettings base = kind == OptimizerKind.SGD ? OptimizerSettings.sgd(0.9, wd) : OptimizerSettings.adamw(wd);
            b.optimizer(new OptimizerSettings(kind, momentum != null ? momentum : base.momentum(), wd,
                    nesterov != null && nesterov, base.beta1(), base.beta2(), base.eps()));
            double rate = lr != null ? lr : kind == OptimizerKind.SGD ? 0.01 : 1e-4;
            LrSchedule s;
            try {
                s = CliValues.schedule(schedule != null ? schedule : "constant", rate, e);
            } catch (IllegalArgumentException ex) {
                throw invalid("--schedule", schedule, ex.getMessage());
            }
            b.schedule(s);
            if (batchSize != null) {
                b.batchSize(batchSize);
            }
            if (evalBatchSize != null) {
                b.evalBatchSize(evalBatchSize);
            }
            if (seed != null) {
                b.seed(seed);
            }
            if (splitSeed != null) {
                b.splitSeed(splitSeed);
            }
            if (trainExamples != null) {
                b.maxTrainExamples(trainExamples);
            }
            if (evalExamples != null) {
                b.maxEvalExamples(evalExamples);
            }
            if (checkpointEpochs != null) {
                b.checkpointEpochs(checkpointEpochs.resolve(e));
            }
            if (augment != null) {
                b.augmentation(augment);
            }
            if (classSubset != null) {
                b.classSubset(classSubset);
            }
            if (headSeed != null && initFrom == null) {
                throw invalid("--head-seed", headSeed, "needs --init-from");
            }
            if (initFrom != null && !java.nio.file.Files.isRegularFile(initFrom)) {
                throw invalid("--init-from", initFrom, "no such file");
            }
            if (initFrom != null) {
                long s0 = seed != null ? seed : 0;
                b.pretrained(new PretrainedStart(initFrom, headSeed != null ? headSeed : PretrainedStart.officialHeadSeed(s0)));
            }
            b.dataDir(dataDir);
            b.threads(threads != null ? threads : 0);
            if (logEvery != null) {
                b.logEvery(logEvery);
            }
            return b.build();
        } catch (IllegalArgumentException ex) {
            throw new ParameterException(spec.commandLine(), "invalid options: " + ex.getMessage());
        }
    }

    private void require(Object value, String option) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '" + option + "'");
        }
    }

    private void atLeast(String option, Integer value, int min) {
        if (value != null && value < min) {
            throw invalid(option, value, "must be >= " + min);
        }
    }

    private void nonNegative(String option, Double value) {
        if (value != null && !(value >= 0 && Double.isFinite(value))) {
            throw invalid(option, value, "must be finite and >= 0");
        }
    }

    private ParameterException invalid(String option, Object value, String why) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value
                + " (" + why + ")");
    }

    static final class PolicyConverter implements ITypeConverter<DivergencePolicy> {
        @Override
        public DivergencePolicy convert(String text) {
            try {
                return DivergencePolicy.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
