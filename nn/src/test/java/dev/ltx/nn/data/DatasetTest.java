package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private final Backend b = CpuBackend.reference();

    @Test
    void normalizationConstantsAgainstHandValues() {
        assertEquals(-0.1307 / 0.3081, Normalization.MNIST.apply(0, (byte) 0), 1e-6);
        assertEquals((1 - 0.1307) / 0.3081, Normalization.MNIST.apply(0, (byte) 255), 1e-6);
        assertEquals(2.8215, Normalization.MNIST.apply(0, (byte) 255), 1e-4);
        assertEquals((128 / 255.0 - 0.2860) / 0.3530, Normalization.FASHION_MNIST.apply(0, (byte) 128), 1e-6);
        assertEquals((1 - 0.406) / 0.225, Normalization.IMAGENET.apply(2, (byte) 255), 1e-6);
        assertEquals(1.0f, Normalization.unitScale(1).apply(0, (byte) 255));
        assertThrows(IllegalArgumentException.class, () -> new Normalization("x", new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization("x", new double[] {0, 0}, new double[] {1}));
    }

    @Test
    void batchIsNormalizedNchwWithLabels() {
        // Two 2-channel 1x2 images: channel planes are contiguous per image.
        byte[] px = {0, (byte) 255, 10, 20, /* image 1 */ 30, 40, 50, (byte) 200};
        Dataset d = Dataset.of("two", px, new int[] {1, 0}, 2, 2, 1, 2);
        Normalization n = new Normalization("t", new double[] {0.5, 0.0}, new double[] {0.5, 2.0});
        try (Batch batch = d.batch(b, new int[] {1, 0, 1}, 1, 2, n)) {
            assertEquals(Shape.of(2, 2, 1, 2), batch.images().shape());
            assertEquals(DType.I32, batch.labels().dtype());
            assertArrayEquals(new int[] {1, 0}, b.toInts(batch.labels()));
            float[] x = batch.images().toFloats();
            float[] expected = {
                (float) ((0 / 255.0 - 0.5) / 0.5), (float) ((255 / 255.0 - 0.5) / 0.5),
                (float) (10 / 255.0 / 2), (float) (20 / 255.0 / 2),
                (float) ((30 / 255.0 - 0.5) / 0.5), (float) ((40 / 255.0 - 0.5) / 0.5),
                (float) (50 / 255.0 / 2), (float) (200 / 255.0 / 2)};
            assertArrayEquals(expected, x);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.batch(b, new int[] {0}, 0, 1, Normalization.MNIST));
        assertTrue(e.getMessage().contains("1 channels"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> d.batch(b, new int[] {2}, 0, 1, n));
    }

    @Test
    void zeroPaddingCentresTheImage() {
        byte[] px = {1, 2, 3, 4, 5, 6};
        Dataset d = Dataset.of("p", px, new int[] {0}, 1, 1, 2, 3).zeroPadded(2);
        assertEquals(6, d.height());
        assertEquals(7, d.width());
        assertEquals(0, d.pixel(0, 0, 1, 2));
        assertEquals(1, d.pixel(0, 0, 2, 2));
        assertEquals(6, d.pixel(0, 0, 3, 4));
        assertEquals(0, d.pixel(0, 0, 3, 5));
        int sum = 0;
        for (byte v : d.rawImage(0)) sum += v;
        assertEquals(21, sum);
    }

    @Test
    void constructorValidatesAndCopies() {
        byte[] px = {1, 2};
        int[] labels = {0, 1};
        Dataset d = Dataset.of("c", px, labels, 2, 1, 1, 1);
        px[0] = 9;
        labels[0] = 1;
        assertEquals(1, d.pixel(0, 0, 0, 0));
        assertEquals(0, d.label(0));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("c", px, new int[] {0, 2}, 2, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("c", px, new int[] {0}, 2, 1, 1, 1));
        assertArrayEquals(new int[] {1, 1}, Dataset.of("c", px, new int[] {0, 1}, 2, 1, 1, 1).classCounts());
    }
}
