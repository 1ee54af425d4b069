package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistLocatorTest {
    @TempDir
    Path dir;

    private void writeSet(boolean gz) throws IOException {
        String sfx = gz ? ".gz" : "";
        byte[][] files = {
            TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, TestFiles.randomBytes(1, 12, 256)),
            TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {9, 0, 4}),
            TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {1, 2, 2}, new byte[4]),
            TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {1}, new byte[] {2}),
        };
        String[] names = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte"};
        for (int i = 0; i < 4; i++) {
            TestFiles.write(dir.resolve(names[i] + sfx), gz ? TestFiles.gzip(files[i]) : files[i]);
        }
    }

    @Test
    void missingFolderNamesTheAptCommand() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> FashionMnistLocator.locate(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void plainFilesInAUserFolder() throws IOException {
        writeSet(false);
        IdxFiles f = FashionMnistLocator.locate(dir);
        Dataset train = f.loadTrain();
        assertEquals(3, train.size());
        assertEquals(9, train.label(0));
        assertEquals(2, f.loadTest().label(0));
        assertEquals("fashion-mnist-train", train.name());
    }

    @Test
    void gzipTrainImagesMustMatchThePinnedChecksum() throws IOException {
        writeSet(true);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnistLocator.locate(dir));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz") && e.getMessage().contains("sha256"),
                e.getMessage());
    }

    @Test
    void everyGzipFileIsCheckedNotOnlyTheTrainingImages() throws IOException {
        Path real = FashionMnistLocator.defaultDir();
        assumeTrue(Files.isRegularFile(real.resolve("train-images-idx3-ubyte.gz")), "dataset-fashion-mnist not installed");
        for (String n : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz"}) {
            Files.copy(real.resolve(n), dir.resolve(n));
        }
        byte[] labels = Files.readAllBytes(real.resolve("t10k-labels-idx1-ubyte.gz"));
        labels[labels.length / 2] ^= 1;  // same size, one bit flipped: only the checksum can tell
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), labels);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnistLocator.locate(dir));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz") && e.getMessage().contains("sha256"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), java.util.Arrays.copyOf(labels, 100));
        e = assertThrows(DatasetFormatException.class, () -> FashionMnistLocator.locate(dir));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz") && e.getMessage().contains("size 100"),
                e.getMessage());
    }

    /** The real dataset, where the Debian package is installed. */
    @Test
    void realFashionMnistWhenInstalled() throws IOException {
        Path d = FashionMnistLocator.defaultDir();
        assumeTrue(Files.isRegularFile(d.resolve("train-images-idx3-ubyte.gz")), "dataset-fashion-mnist not installed");
        IdxFiles f = FashionMnistLocator.locate(d);
        assertEquals(60000, f.loadTrain().size());
        assertEquals(10000, f.loadTest().size());
    }
}
