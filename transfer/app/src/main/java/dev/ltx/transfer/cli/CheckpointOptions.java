package dev.ltx.transfer.cli;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.io.CheckpointMismatchException;
import dev.ltx.nn.io.SafetensorsException;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.TrainingData;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.perm.PermutationSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ltx transfer}'s checkpoint-file mode: a source trajectory (and, for the Oracle, the
 * target's) as ordered safetensors files with PyTorch state-dict names, the model and dataset
 * named on the command line. Every file is checked against the model before the data is loaded.
 */
final class CheckpointOptions {
    @Option(names = "--source-checkpoints", paramLabel = "FILE", split = ",",
            description = "Source trajectory as safetensors files θ_0,θ_1,...,θ_T (instead of --source); needs --model"
                    + " and --dataset.")
    List<Path> sourceCheckpoints;

    @Option(names = "--target-checkpoints", paramLabel = "FILE", split = ",",
            description = "The trained target's trajectory as files, paired with the source's by position (Oracle).")
    List<Path> targetCheckpoints;

    @Option(names = "--model", paramLabel = "KIND|FILE.json",
            description = "With checkpoint files: mlp, conv4, conv6, conv8, resnet18, resnet18-32, or a JSON model"
                    + " description.")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", converter = CliValues.Data.class,
            description = "With checkpoint files: mnist, fashion-mnist, cifar10, cifar100 or synthetic.")
    DatasetKind dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Dataset folder (default: the dataset's cache or install folder).")
    Path dataDir;

    @Option(names = "--class-subset", paramLabel = "K", description = "cifar100: the 10-class split 1..5, 0 for all (default 1).")
    Integer classSubset;

    @Option(names = "--split-seed", paramLabel = "S", description = "Seed of the 9:1 train/validation split (default 777).")
    long splitSeed = 777;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    /** Whether any option of this mode other than the source files is set (an error with a run folder). */
    boolean anySet() {
        return targetCheckpoints != null || model != null || dataset != null || dataDir != null || classSubset != null
                || modelOptions.anySet();
    }

    /** Whether the command runs in checkpoint-file mode. */
    boolean active() {
        return sourceCheckpoints != null;
    }

    /** The model, checked against the dataset (options only; nothing is read but a JSON description). */
    ModelChoice choice(CommandLine cl) {
        if (dataset == null) {
            throw new ParameterException(cl, "Missing required option: '--dataset=NAME' (with --source-checkpoints)");
        }
        return modelOptions.resolve(cl, "--model", model, dataset, subset());
    }

    /** Checks the file lists' sizes and that every file exists. */
    void checkFiles(CommandLine cl, Path targetInit) {
        if (sourceCheckpoints.size() < 2) {
            throw new ParameterException(cl, "Invalid value for option '--source-checkpoints': a trajectory needs at"
                    + " least 2 files (θ_0 and a later one), got " + sourceCheckpoints.size());
        }
        if (targetCheckpoints != null && targetCheckpoints.size() != sourceCheckpoints.size()) {
            throw new ParameterException(cl, "Invalid value for option '--target-checkpoints': " + targetCheckpoints.size()
                    + " files, but the source trajectory has " + sourceCheckpoints.size() + " (paired by position)");
        }
        exist(cl, "--source-checkpoints", sourceCheckpoints);
        if (targetCheckpoints != null) {
            exist(cl, "--target-checkpoints", targetCheckpoints);
        }
        if (targetInit != null && !Files.isRegularFile(targetInit)) {
            throw new ParameterException(cl, "Invalid value for option '--target-init': " + targetInit
                    + " (with --source-checkpoints, a .safetensors file)");
        }
    }

    private static void exist(CommandLine cl, String option, List<Path> files) {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new ParameterException(cl, "Invalid value for option '" + option + "': " + f + " (no such file)");
            }
        }
    }

    /**
     * Checks every checkpoint against the model, then loads the dataset. A file that does not fit
     * fails here, before any data is read, with a one-line {@link ParameterException}.
     */
    LearningTransfer open(CommandLine cl, ModelChoice m, Path targetInit, long seed, Backend backend, PrintStream log)
            throws IOException {
        LearningTransfer.Builder b = LearningTransfer.builder(backend)
                .model(() -> m.build(LayerInit.seeded(backend, DType.F32, seed)))
                .log(log);
        try {
            PermutationSpec.of(m.build(LayerInit.seeded(backend, DType.F32, seed)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, m.label() + ": " + e.getMessage());
        }
        try {
            b.sourceFiles(sourceCheckpoints);
            if (targetCheckpoints != null) {
                b.targetFiles(targetCheckpoints);
            }
            if (targetInit != null) {
                b.targetInitFile(targetInit);
            }
        } catch (CheckpointMismatchException | SafetensorsException | NoSuchFileException e) {
            throw new ParameterException(cl, e.getMessage());
        }
        TrainingData d = TrainingData.load(dataset, dataDir, subset(), dataset.defaultAugmentation(), splitSeed,
                m.imageSize());
        return b.data(TransferData.of(d.train(), d.validation(), d.test(), d.normalization(), d.augmentation())).build();
    }

    private int subset() {
        return classSubset != null ? classSubset : dataset == DatasetKind.CIFAR100 ? 1 : 0;
    }
}
