package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Rng;
import org.junit.jupiter.api.Test;

class ImageOpsTest {
    static ByteImage image(int c, int h, int w, int... values) {
        byte[] p = new byte[values.length];
        for (int i = 0; i < values.length; i++) p[i] = (byte) values[i];
        return new ByteImage(p, c, h, w);
    }

    static int[] values(ByteImage img) {
        int[] v = new int[img.pixels().length];
        for (int i = 0; i < v.length; i++) v[i] = img.pixels()[i] & 0xff;
        return v;
    }

    static ByteImage random(Rng rng, int c, int h, int w) {
        ByteImage img = ByteImage.zeros(c, h, w);
        for (int i = 0; i < img.pixels().length; i++) img.pixels()[i] = (byte) rng.nextInt(256);
        return img;
    }

    @Test
    void bilinearUpscaleOfARampMatchesHandValues() {
        // scale 1/2: source x = max(0, (d + 0.5) / 2 - 0.5) = 0, .25, .75, 1.25, ..., 3.25 (clamped to pixel 3).
        ByteImage ramp = image(1, 1, 4, 0, 40, 80, 120);
        assertArrayEquals(new int[] {0, 10, 30, 50, 70, 90, 110, 120}, values(ImageOps.resizeBilinear(ramp, 1, 8)));
        // The same ramp along the height axis.
        ByteImage column = image(1, 4, 1, 0, 40, 80, 120);
        assertArrayEquals(new int[] {0, 10, 30, 50, 70, 90, 110, 120}, values(ImageOps.resizeBilinear(column, 8, 1)));
    }

    @Test
    void bilinearDownscaleSamplesBetweenPixelPairs() {
        // scale 2: source x = 0.5 and 2.5, the midpoints of pixel pairs (0,1) and (2,3).
        ByteImage ramp = image(1, 1, 4, 0, 40, 80, 120);
        assertArrayEquals(new int[] {20, 100}, values(ImageOps.resizeBilinear(ramp, 1, 2)));
        // 3 -> 2: scale 1.5, source x = 0.25 and 1.75.
        assertArrayEquals(new int[] {15, 195}, values(ImageOps.resizeBilinear(image(1, 1, 3, 0, 60, 240), 1, 2)));
    }

    @Test
    void bilinearTwoDimensionalHandValues() {
        // Rows first: top (0, 100) -> 0, 25, 75, 100; bottom (200, 40) -> 200, 160, 80, 40;
        // then rows blended with weights 0, .25, .75 and the clamped last row.
        ByteImage img = image(1, 2, 2, 0, 100, 200, 40);
        int[] expected = {
            0, 25, 75, 100,
            50, 59, 76, 85, // 58.75, 76.25 round to nearest
            150, 126, 79, 55, // 126.25, 78.75
            200, 160, 80, 40};
        assertArrayEquals(expected, values(ImageOps.resizeBilinear(img, 4, 4)));
    }

    @Test
    void bilinearRoundsHalfToEvenAndKeepsChannelsApart() {
        // Source weights .25 and .75 on (0, 2) give 0.5 -> 0 and 1.5 -> 2; on (0, 6) 1.5 -> 2 and 4.5 -> 4.
        ByteImage img = image(2, 1, 2, 0, 2, /* channel 1 */ 0, 6);
        assertArrayEquals(new int[] {0, 0, 2, 2, 0, 2, 4, 6}, values(ImageOps.resizeBilinear(img, 1, 4)));
    }

    @Test
    void bilinearSameSizeIsIdentityAndConstantsStayConstant() {
        Rng rng = new Rng(1);
        ByteImage img = random(rng, 3, 7, 5);
        assertSame(img, ImageOps.resizeBilinear(img, 7, 5));
        ByteImage flat = image(1, 3, 3, 77, 77, 77, 77, 77, 77, 77, 77, 77);
        for (int[] size : new int[][] {{1, 1}, {2, 5}, {9, 4}, {32, 32}}) {
            for (int v : values(ImageOps.resizeBilinear(flat, size[0], size[1]))) assertEquals(77, v);
        }
        assertThrows(IllegalArgumentException.class, () -> ImageOps.resizeBilinear(img, 0, 3));
    }

    @Test
    void sourceIndicesClampAtBothEnds() {
        int[] i0 = new int[3];
        int[] i1 = new int[3];
        double[] w = new double[3];
        ImageOps.sourceIndices(5, 3, i0, i1, w); // scale 5/3: s = 1/3, 2, 11/3
        assertArrayEquals(new int[] {0, 2, 3}, i0);
        assertArrayEquals(new int[] {1, 3, 4}, i1);
        assertArrayEquals(new double[] {1.0 / 3, 0, 2.0 / 3}, w, 1e-12);
        ImageOps.sourceIndices(2, 3, i0, i1, w); // scale 2/3: s = 0 (clamped from -1/6), 0.5, 7/6 (pixel 1 twice)
        assertArrayEquals(new int[] {0, 0, 1}, i0);
        assertArrayEquals(new int[] {1, 1, 1}, i1);
        assertEquals(0.0, w[0]);
    }

    @Test
    void flipMirrorsEachRowAndTwiceIsIdentity() {
        ByteImage img = image(2, 2, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertArrayEquals(new int[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, values(ImageOps.flipHorizontal(img)));
        Rng rng = new Rng(2);
        for (int t = 0; t < 5; t++) {
            ByteImage r = random(rng, 1 + rng.nextInt(3), 1 + rng.nextInt(9), 1 + rng.nextInt(9));
            assertArrayEquals(r.pixels(), ImageOps.flipHorizontal(ImageOps.flipHorizontal(r)).pixels());
        }
    }

    @Test
    void zeroPadAndCropAreInverse() {
        ByteImage img = image(2, 2, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        ByteImage padded = ImageOps.zeroPad(img, 2);
        assertEquals(6, padded.height());
        assertEquals(7, padded.width());
        assertEquals(0, padded.get(0, 1, 2));
        assertEquals(1, padded.get(0, 2, 2));
        assertEquals(12, padded.get(1, 3, 4));
        assertEquals(0, padded.get(1, 3, 5));
        int sum = 0;
        for (int v : values(padded)) sum += v;
        assertEquals(78, sum);
        assertArrayEquals(img.pixels(), ImageOps.crop(padded, 2, 2, 2, 3).pixels());
        assertArrayEquals(new int[] {5, 6, 11, 12}, values(ImageOps.crop(img, 1, 1, 1, 2)));
        assertSame(img, ImageOps.crop(img, 0, 0, 2, 3));
        assertSame(img, ImageOps.zeroPad(img, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageOps.crop(img, 1, 1, 2, 2));
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageOps.crop(img, -1, 0, 1, 1));
    }

    @Test
    void byteImageValidatesItsSize() {
        assertThrows(IllegalArgumentException.class, () -> new ByteImage(new byte[5], 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new ByteImage(new byte[0], 0, 2, 3));
        Dataset d = Dataset.of("d", new byte[] {1, 2, 3, 4}, new int[] {0, 1}, 2, 1, 1, 2);
        assertArrayEquals(new int[] {3, 4}, values(ByteImage.of(d, 1)));
    }
}
