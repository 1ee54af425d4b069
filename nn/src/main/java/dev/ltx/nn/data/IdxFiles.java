package dev.ltx.nn.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The four IDX files of an MNIST-style dataset (plain or gzip-compressed).
 *
 * @param name        dataset name used for the loaded {@link Dataset}s, e.g. {@code mnist}
 * @param trainImages official training images
 * @param trainLabels official training labels
 * @param testImages  official test images
 * @param testLabels  official test labels
 */
public record IdxFiles(String name, Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    /** Number of classes of MNIST and Fashion-MNIST. */
    public static final int NUM_CLASSES = 10;

    /** The official training set (split it with {@link TrainValSplit}). */
    public Dataset loadTrain() throws IOException {
        return IdxReader.read(name + "-train", trainImages, trainLabels, NUM_CLASSES);
    }

    /** The official test set. */
    public Dataset loadTest() throws IOException {
        return IdxReader.read(name + "-test", testImages, testLabels, NUM_CLASSES);
    }
}
