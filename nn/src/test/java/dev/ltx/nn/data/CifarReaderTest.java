package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
    @TempDir
    Path dir;

    /** Records whose pixel byte at (c, y, x) of image k is (k*7 + c*31 + y*3 + x) mod 256. */
    private static byte[] records(int[][] labelBytes) {
        int rec = labelBytes[0].length + CifarReader.IMAGE_BYTES;
        byte[] out = new byte[labelBytes.length * rec];
        for (int k = 0; k < labelBytes.length; k++) {
            int at = k * rec;
            for (int b = 0; b < labelBytes[k].length; b++) out[at++] = (byte) labelBytes[k][b];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) out[at++] = (byte) (k * 7 + c * 31 + y * 3 + x);
                }
            }
        }
        return out;
    }

    private static void assertPixels(Dataset d, int k, int source) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y += 5) {
                for (int x = 0; x < 32; x += 3) {
                    assertEquals((source * 7 + c * 31 + y * 3 + x) & 0xff, d.pixel(k, c, y, x),
                            "image " + k + " at " + c + "," + y + "," + x);
                }
            }
        }
    }

    @Test
    void cifar10ChannelMajorRecordsAcrossFiles() throws IOException {
        Path a = TestFiles.write(dir.resolve("a.bin"), records(new int[][] {{3}, {9}}));
        Path b = TestFiles.write(dir.resolve("b.bin"), records(new int[][] {{0}, {7}, {1}}));
        Dataset d = CifarReader.readCifar10("c10", List.of(a, b));
        assertEquals(5, d.size());
        assertEquals(10, d.numClasses());
        assertEquals(dev.ltx.engine.Shape.of(3, 32, 32), d.imageShape());
        assertArrayEquals(new int[] {3, 9, 0, 7, 1}, d.labels());
        assertPixels(d, 0, 0);
        assertPixels(d, 1, 1);
        assertPixels(d, 2, 0); // first record of the second file
        assertPixels(d, 4, 2);
    }

    @Test
    void cifar10FolderLayout() throws IOException {
        for (int i = 1; i <= 5; i++) TestFiles.write(dir.resolve("data_batch_" + i + ".bin"), records(new int[][] {{i}}));
        TestFiles.write(dir.resolve("test_batch.bin"), records(new int[][] {{8}, {2}}));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, CifarReader.cifar10Train(dir).labels());
        assertArrayEquals(new int[] {8, 2}, CifarReader.cifar10Test(dir).labels());
    }

    @Test
    void cifar100FineAndCoarse() throws IOException {
        TestFiles.write(dir.resolve("train.bin"), records(new int[][] {{4, 30}, {19, 99}, {0, 1}}));
        Dataset fine = CifarReader.cifar100Train(dir, CifarReader.Cifar100Label.FINE);
        Dataset coarse = CifarReader.cifar100Train(dir, CifarReader.Cifar100Label.COARSE);
        assertArrayEquals(new int[] {30, 99, 1}, fine.labels());
        assertEquals(100, fine.numClasses());
        assertArrayEquals(new int[] {4, 19, 0}, coarse.labels());
        assertEquals(20, coarse.numClasses());
        assertPixels(fine, 1, 1);
        assertPixels(coarse, 2, 2);
    }

    @Test
    void sizeMustBeAPositiveMultipleOfTheRecord() throws IOException {
        byte[] good = records(new int[][] {{1}, {2}});
        Path f = TestFiles.write(dir.resolve("odd.bin"), Arrays.copyOf(good, good.length - 1));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> CifarReader.readCifar10("x", List.of(f)));
        assertTrue(e.getMessage().contains("odd.bin") && e.getMessage().contains("3073-byte record"), e.getMessage());
        Path empty = TestFiles.write(dir.resolve("empty.bin"), new byte[0]);
        assertThrows(DatasetFormatException.class, () -> CifarReader.readCifar10("x", List.of(empty)));
        // A CIFAR-10 file is not a whole number of CIFAR-100 records.
        Path c10 = TestFiles.write(dir.resolve("c10.bin"), records(new int[][] {{1}}));
        e = assertThrows(DatasetFormatException.class,
                () -> CifarReader.readCifar100("x", List.of(c10), CifarReader.Cifar100Label.FINE));
        assertTrue(e.getMessage().contains("3074-byte record"), e.getMessage());
    }

    @Test
    void outOfRangeLabelsAndMissingFiles() throws IOException {
        Path f = TestFiles.write(dir.resolve("l.bin"), records(new int[][] {{1}, {10}}));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> CifarReader.readCifar10("x", List.of(f)));
        assertTrue(e.getMessage().contains("record 1 has label 10"), e.getMessage());
        Path g = TestFiles.write(dir.resolve("m.bin"), records(new int[][] {{20, 5}}));
        e = assertThrows(DatasetFormatException.class,
                () -> CifarReader.readCifar100("x", List.of(g), CifarReader.Cifar100Label.COARSE));
        assertTrue(e.getMessage().contains("label 20, not below 20"), e.getMessage());
        NoSuchFileException n = assertThrows(NoSuchFileException.class, () -> CifarReader.cifar10Test(dir.resolve("none")));
        assertTrue(n.getMessage().contains("test_batch.bin") && n.getMessage().contains("binary version"), n.getMessage());
        assertFalse(n.getMessage().contains("\n"));
    }
}
