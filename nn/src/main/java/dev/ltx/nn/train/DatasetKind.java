package dev.ltx.nn.train;

import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.data.Normalization;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The datasets a training run can use, with their command-line names, normalization and default
 * training augmentation (reference.md §8: none for MNIST and Fashion-MNIST, the official
 * pad-4 + RandomResizedCrop + flip pipeline for CIFAR).
 */
public enum DatasetKind {
    /** MNIST, fetched into a checksummed cache on first use. */
    MNIST("mnist", Normalization.MNIST, AugmentationPipeline.NONE),
    /** Fashion-MNIST from the Debian package {@code dataset-fashion-mnist}. */
    FASHION_MNIST("fashion-mnist", Normalization.FASHION_MNIST, AugmentationPipeline.NONE),
    /** CIFAR-10 binary version. */
    CIFAR10("cifar10", Normalization.IMAGENET, AugmentationPipeline.CIFAR_OFFICIAL),
    /** CIFAR-100 binary version (fine labels), optionally restricted to one of the paper's 10-class splits. */
    CIFAR100("cifar100", Normalization.IMAGENET, AugmentationPipeline.CIFAR_OFFICIAL),
    /**
     * A small seeded in-memory dataset for tests and smoke runs ({@link TrainingData#SYNTHETIC_TRAIN}
     * training and {@link TrainingData#SYNTHETIC_TEST} test examples of 1×12×12, 4 classes).
     */
    SYNTHETIC("synthetic", Normalization.unitScale(1), AugmentationPipeline.NONE);

    private final String cliName;
    private final Normalization normalization;
    private final AugmentationPipeline defaultAugmentation;

    DatasetKind(String cliName, Normalization normalization, AugmentationPipeline defaultAugmentation) {
        this.cliName = cliName;
        this.normalization = normalization;
        this.defaultAugmentation = defaultAugmentation;
    }

    /** The command-line name, e.g. {@code fashion-mnist}. */
    public String cliName() {
        return cliName;
    }

    /** The per-channel normalization applied to training, validation and test images. */
    public Normalization normalization() {
        return normalization;
    }

    /** The training augmentation used unless the configuration picks another. */
    public AugmentationPipeline defaultAugmentation() {
        return defaultAugmentation;
    }

    /** Parses a command-line name (case-insensitive, {@code _} or {@code -}). */
    public static DatasetKind parse(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DatasetKind k : values()) {
            if (k.cliName.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; choose one of "
                + Arrays.stream(values()).map(DatasetKind::cliName).collect(Collectors.joining(", ")));
    }
}
