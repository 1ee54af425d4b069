package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private final byte[] pixels = TestFiles.randomBytes(1, 7 * 5 * 3, 256);
    private final byte[] labels = TestFiles.randomBytes(2, 7, 10);

    private Path images(String name, boolean gz) throws IOException {
        byte[] raw = TestFiles.idx(IdxReader.IMAGES_MAGIC, new int[] {7, 5, 3}, pixels);
        return TestFiles.write(dir.resolve(name), gz ? TestFiles.gzip(raw) : raw);
    }

    private Path labelFile(String name, boolean gz, byte[] values) throws IOException {
        byte[] raw = TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {values.length}, values);
        return TestFiles.write(dir.resolve(name), gz ? TestFiles.gzip(raw) : raw);
    }

    private void assertDataset(Dataset d) {
        assertEquals(7, d.size());
        assertEquals(1, d.channels());
        assertEquals(5, d.height());
        assertEquals(3, d.width());
        for (int i = 0; i < 7; i++) {
            assertEquals(labels[i], d.label(i));
            assertArrayEquals(Arrays.copyOfRange(pixels, i * 15, (i + 1) * 15), d.rawImage(i));
        }
        assertEquals(pixels[15 + 2 * 3 + 1] & 0xff, d.pixel(1, 0, 2, 1), "row-major rows x cols");
    }

    @Test
    void plainRoundTrip() throws IOException {
        assertDataset(IdxReader.read("t", images("img", false), labelFile("lab", false, labels), 10));
    }

    @Test
    void gzipRoundTrip() throws IOException {
        assertDataset(IdxReader.read("t", images("img.gz", true), labelFile("lab.gz", true, labels), 10));
    }

    @Test
    void gzipIsDetectedByMagicBytesNotName() throws IOException {
        assertDataset(IdxReader.read("t", images("img-without-suffix", true), labelFile("plain.gz", false, labels), 10));
    }

    @Test
    void unsignedBytesAreKept() throws IOException {
        byte[] big = {(byte) 255, (byte) 128, 0};
        Path l = labelFile("l", false, big);
        assertArrayEquals(new int[] {255, 128, 0}, IdxReader.readLabels(l));
        IdxReader.Images im = IdxReader.readImages(images("i", false));
        assertEquals(7, im.count());
        assertArrayEquals(pixels, im.pixels());
    }

    @Test
    void countMismatchAndLabelRangeAreReported() throws IOException {
        Path img = images("img", false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxReader.read("t", img, labelFile("six", false, Arrays.copyOf(labels, 6)), 10));
        assertTrue(e.getMessage().contains("6 labels") && e.getMessage().contains("7 images"), e.getMessage());
        byte[] bad = labels.clone();
        bad[4] = 10;
        e = assertThrows(DatasetFormatException.class, () -> IdxReader.read("t", img, labelFile("bad", false, bad), 10));
        assertTrue(e.getMessage().contains("label 10 at index 4"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
