package dev.ltx.nn.train;

import dev.ltx.engine.Shape;
import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.data.CifarReader;
import dev.ltx.nn.data.ClassSubset;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.FashionMnistLocator;
import dev.ltx.nn.data.IdxFiles;
import dev.ltx.nn.data.MnistFetcher;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.data.SyntheticDataset;
import dev.ltx.nn.data.TrainValSplit;
import dev.ltx.nn.data.ZeroPad;
import dev.ltx.nn.models.ModelKind;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The three datasets of a run, ready for the loaders: the seeded 9:1 split of the official
 * training set into {@code train} and {@code validation}, and the official {@code test} set, all
 * zero-padded to the model's input size when a CNN meets 28×28 images.
 *
 * @param name           dataset name, e.g. {@code mnist} or {@code cifar100-split1}
 * @param train          training part of the split
 * @param validation     validation part of the split (evaluated after every epoch)
 * @param test           the official test set (evaluated once at the end)
 * @param normalization  applied to every image
 * @param augmentation   applied to training images only
 * @param sha256         SHA-256 of the official training set's raw image bytes followed by its
 *                       labels (one byte each), before padding and splitting
 */
public record TrainingData(String name, Dataset train, Dataset validation, Dataset test, Normalization normalization,
                           AugmentationPipeline augmentation, String sha256) {
    /** Training examples of the synthetic dataset (before the 9:1 split). */
    public static final int SYNTHETIC_TRAIN = 1000;
    /** Test examples of the synthetic dataset. */
    public static final int SYNTHETIC_TEST = 250;
    private static final int SYNTHETIC_CLASSES = 4;
    private static final int SYNTHETIC_SIDE = 8;

    /** Default folder of the CIFAR-10 binary files. */
    public static Path defaultCifar10Dir() {
        return Path.of(System.getProperty("user.home"), ".cache", "ltx", "data", "cifar-10-batches-bin");
    }

    /** Default folder of the CIFAR-100 binary files. */
    public static Path defaultCifar100Dir() {
        return Path.of(System.getProperty("user.home"), ".cache", "ltx", "data", "cifar-100-binary");
    }

    /**
     * {channels, side, classes} of the model input for {@code dataset}: CNNs (every kind but the
     * MLP) get square images padded up to a multiple of 8 (28×28 MNIST → 32×32).
     */
    public static int[] inputShape(DatasetKind dataset, int classSubset, ModelKind model) {
        int[] raw = switch (dataset) {
            case MNIST, FASHION_MNIST -> new int[] {1, 28, 10};
            case CIFAR10 -> new int[] {3, 32, 10};
            case CIFAR100 -> new int[] {3, 32, classSubset == 0 ? 100 : 10};
            case SYNTHETIC -> new int[] {1, SYNTHETIC_SIDE, SYNTHETIC_CLASSES};
        };
        if (model != ModelKind.MLP) {
            raw[1] = (raw[1] + 7) / 8 * 8;
        }
        return raw;
    }

    /**
     * Loads, pads and splits the datasets of {@code config}. Missing files fail with a one-line
     * {@link IOException} naming the fix (from the fetcher, locator or reader).
     */
    public static TrainingData load(TrainConfig config) throws IOException {
        return load(config.dataset(), config.dataDir(), config.classSubset(), config.augmentation(),
                config.splitSeed(), config.model().imageSize())
                .firstExamples(config.maxTrainExamples(), config.maxEvalExamples());
    }

    /**
     * These data with at most {@code maxTrain} training and {@code maxEval} validation and test examples, the
     * first ones of each (0: all). The split's order is a seeded permutation, so its first examples are a
     * random subset (the official {@code max_train_dataset_size}).
     */
    public TrainingData firstExamples(int maxTrain, int maxEval) {
        if (maxTrain <= 0 && maxEval <= 0) return this;
        return new TrainingData(name, first(train, maxTrain), first(validation, maxEval), first(test, maxEval),
                normalization, augmentation, sha256);
    }

    /** The first {@code max} examples of {@code d} (all of them when {@code max} is 0 or at least its size). */
    private static Dataset first(Dataset d, int max) {
        if (max <= 0 || max >= d.size()) return d;
        return d.subset(d.name() + "-first" + max, java.util.stream.IntStream.range(0, max).toArray());
    }

    /**
     * Loads {@code dataset} for a model whose input side is {@code imageSize} (images are
     * zero-padded up to it): what {@link #load(TrainConfig)} does, for a model that is not one
     * of the built-in kinds.
     *
     * @param dataDir     the dataset's folder, or null for its default location
     * @param classSubset CIFAR-100 only: 1..5 for the paper's 10-class split, 0 for all classes
     */
    public static TrainingData load(DatasetKind dataset, Path dataDir, int classSubset,
                                    AugmentationPipeline augmentation, long splitSeed, int imageSize)
            throws IOException {
        if (classSubset != 0 && dataset != DatasetKind.CIFAR100 || classSubset < 0 || classSubset > 5) {
            throw new IllegalArgumentException("class subset " + classSubset + " does not apply to " + dataset.cliName());
        }
        Path dir = dataDir;
        Dataset fullTrain;
        Dataset test;
        String name = dataset.cliName();
        switch (dataset) {
            case MNIST, FASHION_MNIST -> {
                IdxFiles files = dataset == DatasetKind.MNIST
                        ? (dir == null ? new MnistFetcher() : new MnistFetcher(dir)).locate()
                        : FashionMnistLocator.locate(dir == null ? FashionMnistLocator.defaultDir() : dir);
                fullTrain = files.loadTrain();
                test = files.loadTest();
            }
            case CIFAR10 -> {
                Path d = dir == null ? defaultCifar10Dir() : dir;
                fullTrain = CifarReader.cifar10Train(d);
                test = CifarReader.cifar10Test(d);
            }
            case CIFAR100 -> {
                Path d = dir == null ? defaultCifar100Dir() : dir;
                fullTrain = CifarReader.cifar100Train(d, CifarReader.Cifar100Label.FINE);
                test = CifarReader.cifar100Test(d, CifarReader.Cifar100Label.FINE);
                if (classSubset != 0) {
                    int[] classes = ClassSubset.cifar100Split(classSubset);
                    fullTrain = ClassSubset.select(fullTrain, classes);
                    test = ClassSubset.select(test, classes);
                    name = name + "-split" + classSubset;
                }
            }
            case SYNTHETIC -> {
                fullTrain = SyntheticDataset.generate("synthetic-train", SYNTHETIC_TRAIN, SYNTHETIC_CLASSES, 1,
                        SYNTHETIC_SIDE, SYNTHETIC_SIDE, 1234);
                test = SyntheticDataset.generate("synthetic-test", SYNTHETIC_TEST, SYNTHETIC_CLASSES, 1,
                        SYNTHETIC_SIDE, SYNTHETIC_SIDE, 4321);
            }
            default -> throw new IllegalStateException("unhandled dataset " + dataset);
        }
        String sha = digest(fullTrain);
        int side = imageSize;
        fullTrain = ZeroPad.toSize(fullTrain, side);
        test = ZeroPad.toSize(test, side);
        Shape image = fullTrain.imageShape();
        Shape augmented = augmentation.outputShape(image);
        if (!augmented.equals(image)) {
            throw new IllegalArgumentException("augmentation " + augmentation.cliName() + " turns " + image
                    + " images into " + augmented + "; choose one that keeps the size (e.g. none)");
        }
        TrainValSplit split = TrainValSplit.of(fullTrain, splitSeed);
        return new TrainingData(name, split.train(), split.validation(), test, dataset.normalization(),
                augmentation, sha);
    }

    /** SHA-256 over every raw image byte, then every label as one byte (labels are below 256 here). */
    static String digest(Dataset d) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        for (int i = 0; i < d.size(); i++) {
            md.update(d.rawImage(i));
        }
        int[] labels = d.labels();
        byte[] lb = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            lb[i] = (byte) labels[i];
        }
        md.update(lb);
        return HexFormat.of().formatHex(md.digest());
    }
}
