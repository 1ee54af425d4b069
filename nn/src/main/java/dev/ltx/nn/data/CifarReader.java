package dev.ltx.nn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers for the binary versions of CIFAR-10 and CIFAR-100.
 *
 * <p>CIFAR-10 ({@code data_batch_1..5.bin}, {@code test_batch.bin}): records of one label byte
 * (0..9) and 3072 pixel bytes (1024 red, 1024 green, 1024 blue; each 32×32 row-major). CIFAR-100
 * ({@code train.bin}, {@code test.bin}): records of a coarse label byte (0..19), a fine label byte
 * (0..99) and the same 3072 pixel bytes. Each file's size must be a positive multiple of the
 * record size, checked before allocating. The result is a 3×32×32 {@link Dataset}.
 */
public final class CifarReader {
    /** Pixel bytes per image (3×32×32). */
    public static final int IMAGE_BYTES = 3 * 32 * 32;
    private static final String SOURCE_HINT =
            "; download the binary version from https://www.cs.toronto.edu/~kriz/cifar.html and extract it";

    /** Which CIFAR-100 label to use. */
    public enum Cifar100Label {
        /** The 20 superclasses (first label byte). */
        COARSE,
        /** The 100 classes (second label byte). */
        FINE
    }

    private CifarReader() {
    }

    /** CIFAR-10 training set: {@code data_batch_1.bin .. data_batch_5.bin} in {@code dir}. */
    public static Dataset cifar10Train(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) files.add(dir.resolve("data_batch_" + i + ".bin"));
        return readCifar10("cifar10-train", files);
    }

    /** CIFAR-10 test set: {@code test_batch.bin} in {@code dir}. */
    public static Dataset cifar10Test(Path dir) throws IOException {
        return readCifar10("cifar10-test", List.of(dir.resolve("test_batch.bin")));
    }

    /** CIFAR-100 training set: {@code train.bin} in {@code dir}. */
    public static Dataset cifar100Train(Path dir, Cifar100Label label) throws IOException {
        return readCifar100("cifar100-train", List.of(dir.resolve("train.bin")), label);
    }

    /** CIFAR-100 test set: {@code test.bin} in {@code dir}. */
    public static Dataset cifar100Test(Path dir, Cifar100Label label) throws IOException {
        return readCifar100("cifar100-test", List.of(dir.resolve("test.bin")), label);
    }

    /** Concatenates CIFAR-10 binary files in the given order. */
    public static Dataset readCifar10(String name, List<Path> files) throws IOException {
        return read(name, files, 1, 0, 10);
    }

    /** Concatenates CIFAR-100 binary files in the given order, keeping the chosen label. */
    public static Dataset readCifar100(String name, List<Path> files, Cifar100Label label) throws IOException {
        return label == Cifar100Label.FINE ? read(name, files, 2, 1, 100) : read(name, files, 2, 0, 20);
    }

    private static Dataset read(String name, List<Path> files, int labelBytes, int labelIndex, int numClasses)
            throws IOException {
        int recordBytes = labelBytes + IMAGE_BYTES;
        long total = 0;
        long[] counts = new long[files.size()];
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            if (!Files.isRegularFile(file)) throw new NoSuchFileException(file + ": not found" + SOURCE_HINT);
            long size = Files.size(file);
            if (size == 0 || size % recordBytes != 0) {
                throw new DatasetFormatException(file, "size " + size + " is not a positive multiple of the "
                        + recordBytes + "-byte record");
            }
            counts[f] = size / recordBytes;
            total += counts[f];
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 16) {
            throw new DatasetFormatException(files.get(0), "too many records (" + total + ") for one dataset");
        }
        byte[] pixels = new byte[(int) total * IMAGE_BYTES];
        int[] labels = new int[(int) total];
        byte[] record = new byte[recordBytes];
        int n = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            try (InputStream in = Files.newInputStream(file)) {
                for (long r = 0; r < counts[f]; r++) {
                    if (in.readNBytes(record, 0, recordBytes) != recordBytes) {
                        throw new DatasetFormatException(file, "truncated at record " + r + " (file changed while reading?)");
                    }
                    int label = record[labelIndex] & 0xff;
                    if (label >= numClasses) {
                        throw new DatasetFormatException(file, "record " + r + " has label " + label
                                + ", not below " + numClasses);
                    }
                    labels[n] = label;
                    System.arraycopy(record, labelBytes, pixels, n * IMAGE_BYTES, IMAGE_BYTES);
                    n++;
                }
            }
        }
        return new Dataset(name, pixels, labels, numClasses, 3, 32, 32);
    }
}
