package dev.ltx.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates Fashion-MNIST: the gzip-compressed IDX files that the Debian package
 * {@code dataset-fashion-mnist} installs in {@value #SYSTEM_DIR}, or a folder given by the user
 * (also accepted: the system property {@value #DIR_PROPERTY} or environment variable
 * {@value #DIR_ENV}). Uncompressed files with the same names minus {@code .gz} are accepted too
 * (the IDX reader checks their headers and lengths). Every gzip file is checked against the size
 * and SHA-256 of the Debian package's file (data.md), so a truncated or different download fails
 * with a one-line message naming the file instead of training on wrong data.
 */
public final class FashionMnistLocator {
    /** Where {@code apt-get install -y dataset-fashion-mnist} puts the files. */
    public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";
    /** System property naming the folder. */
    public static final String DIR_PROPERTY = "ltx.fashion.dir";
    /** Environment variable naming the folder (the property wins). */
    public static final String DIR_ENV = "LTX_FASHION_MNIST_DIR";
    static final String TRAIN_IMAGES_GZ_SHA256 = "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7";
    private static final String[] NAMES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    /** Sizes in bytes of the package's gzip files, in {@link #NAMES} order. */
    private static final long[] GZ_SIZES = {26_421_856, 29_491, 4_422_079, 5_125};
    /** SHA-256 of the package's gzip files, in {@link #NAMES} order. */
    private static final String[] GZ_SHA256 = {
        TRAIN_IMAGES_GZ_SHA256,
        "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
        "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
        "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"};

    private FashionMnistLocator() {
    }

    /** The configured folder: property, environment variable, else {@value #SYSTEM_DIR}. */
    public static Path defaultDir() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) dir = System.getenv(DIR_ENV);
        return Path.of(dir != null && !dir.isBlank() ? dir : SYSTEM_DIR);
    }

    /** The four files in {@link #defaultDir()}. */
    public static IdxFiles locate() throws IOException {
        return locate(defaultDir());
    }

    /** The four files in {@code dir}, failing with a one-line message naming the install command. */
    public static IdxFiles locate(Path dir) throws IOException {
        Path[] files = new Path[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            Path gz = dir.resolve(NAMES[i] + ".gz");
            Path plain = dir.resolve(NAMES[i]);
            if (Files.isRegularFile(gz)) {
                files[i] = gz;
            } else if (Files.isRegularFile(plain)) {
                files[i] = plain;
            } else {
                throw new DatasetMissingException("Fashion-MNIST not found: " + gz + " is missing; fix: "
                        + "apt-get install -y dataset-fashion-mnist (without root: apt-get download "
                        + "dataset-fashion-mnist && dpkg -x dataset-fashion-mnist_*.deb DIR, then pass "
                        + "DIR/usr/share/datasets/fashion-mnist via -D" + DIR_PROPERTY + ")");
            }
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (!files[i].getFileName().toString().endsWith(".gz")) continue;
            long size = Files.size(files[i]);
            if (size != GZ_SIZES[i]) {
                throw new DatasetFormatException(files[i], "size " + size + " bytes differs from the package's "
                        + GZ_SIZES[i] + " bytes (sha256 " + GZ_SHA256[i] + "); reinstall dataset-fashion-mnist");
            }
            Sha256.verify(files[i], GZ_SHA256[i]);
        }
        return new IdxFiles("fashion-mnist", files[0], files[1], files[2], files[3]);
    }
}
