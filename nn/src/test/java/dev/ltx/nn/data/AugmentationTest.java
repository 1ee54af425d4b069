package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RandomCrop, HorizontalFlip, ZeroPad and the named pipelines. */
class AugmentationTest {
    @Test
    void randomCropOffsetsCoverExactlyTheValidRange() {
        RandomCrop crop = new RandomCrop(32, 4);
        Rng rng = new Rng(1);
        int[][] seen = new int[9][9];
        for (int t = 0; t < 3000; t++) {
            int[] o = crop.sampleOffset(40, 40, rng);
            assertTrue(o[0] >= 0 && o[0] <= 8 && o[1] >= 0 && o[1] <= 8, Arrays.toString(o));
            seen[o[0]][o[1]]++;
        }
        for (int[] row : seen) {
            for (int count : row) assertTrue(count > 10, "an offset is (nearly) never drawn: " + Arrays.deepToString(seen));
        }
    }

    @Test
    void randomCropIsPadThenWindowAtTheDrawnOffset() {
        RandomCrop crop = new RandomCrop(32, 4);
        ByteImage img = ImageOpsTest.random(new Rng(2), 3, 32, 32);
        for (long seed = 0; seed < 10; seed++) {
            int[] o = crop.sampleOffset(40, 40, new Rng(seed));
            ByteImage got = crop.apply(img, new Rng(seed));
            assertArrayEquals(ImageOps.crop(ImageOps.zeroPad(img, 4), o[0], o[1], 32, 32).pixels(), got.pixels());
            // The original pixel (y, x) lands at (y + 4 - top, x + 4 - left) when inside the window.
            int y = 10;
            int x = 20;
            assertEquals(img.get(1, y, x), got.get(1, y + 4 - o[0], x + 4 - o[1]));
        }
        assertEquals(Shape.of(3, 32, 32), crop.outputShape(Shape.of(3, 32, 32)));
    }

    @Test
    void randomCropWithoutSlackDrawsNothing() {
        ByteImage img = ImageOpsTest.random(new Rng(3), 1, 6, 6);
        Rng rng = new Rng(4);
        assertSame(img, new RandomCrop(6, 0).apply(img, rng));
        assertEquals(new Rng(4).nextLong(), rng.nextLong());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RandomCrop(9, 1).apply(img, new Rng(0)));
        assertTrue(e.getMessage().contains("8x8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(9, 1).outputShape(Shape.of(1, 6, 6)));
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(0, 1));
    }

    @Test
    void flipProbabilityZeroOneAndHalf() {
        ByteImage img = ImageOpsTest.image(1, 1, 3, 1, 2, 3);
        Rng rng = new Rng(5);
        int flipped = 0;
        for (int t = 0; t < 2000; t++) {
            assertSame(img, new HorizontalFlip(0).apply(img, rng));
            assertArrayEquals(new byte[] {3, 2, 1}, new HorizontalFlip(1).apply(img, rng).pixels());
            ByteImage r = new HorizontalFlip(0.5).apply(img, rng);
            if (r.get(0, 0, 0) == 3) flipped++;
        }
        assertTrue(flipped > 900 && flipped < 1100, flipped + " of 2000 flipped");
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
    }

    @Test
    void zeroPadAugmentationAndDatasetPadding() {
        ByteImage img = ImageOpsTest.image(1, 1, 1, 9);
        ByteImage p = new ZeroPad(1).apply(img, new Rng(0));
        assertArrayEquals(new int[] {0, 0, 0, 0, 9, 0, 0, 0, 0}, ImageOpsTest.values(p));
        assertEquals(Shape.of(2, 7, 9), new ZeroPad(2).outputShape(Shape.of(2, 3, 5)));

        Dataset mnist = SyntheticDataset.mnistLike(4, 1);
        Dataset padded = ZeroPad.toSize(mnist, 32);
        assertEquals(32, padded.height());
        assertEquals(32, padded.width());
        assertArrayEquals(mnist.zeroPadded(2).rawImage(3), padded.rawImage(3));
        assertSame(padded, ZeroPad.toSize(padded, 32));
        assertThrows(IllegalArgumentException.class, () -> ZeroPad.toSize(mnist, 31));
        assertThrows(IllegalArgumentException.class, () -> ZeroPad.toSize(mnist, 26));
    }

    @Test
    void pipelinesByName() {
        assertEquals(AugmentationPipeline.CIFAR_OFFICIAL, AugmentationPipeline.fromName("cifar-official"));
        assertEquals(AugmentationPipeline.CIFAR_OFFICIAL, AugmentationPipeline.fromName(" CIFAR_OFFICIAL "));
        assertEquals(AugmentationPipeline.CIFAR_CROP_FLIP, AugmentationPipeline.fromName("cifar-crop-flip"));
        assertEquals(AugmentationPipeline.NONE, AugmentationPipeline.fromName("none"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AugmentationPipeline.fromName("autoaugment"));
        assertTrue(e.getMessage().contains("cifar-official") && e.getMessage().contains("autoaugment"), e.getMessage());
        assertTrue(AugmentationPipeline.NONE.isIdentity());
        assertFalse(AugmentationPipeline.CIFAR_OFFICIAL.isIdentity());
    }

    @Test
    void officialPipelineIsPadResizedCropFlipInThatDrawOrder() {
        ByteImage img = ImageOpsTest.random(new Rng(7), 3, 32, 32);
        RandomResizedCrop rrc = new RandomResizedCrop(32);
        for (long seed = 0; seed < 20; seed++) {
            Rng r = new Rng(seed);
            ByteImage padded = ImageOps.zeroPad(img, 4);
            RandomResizedCrop.Box b = rrc.sampleBox(40, 40, r);
            ByteImage expected = ImageOps.resizeBilinear(
                    ImageOps.crop(padded, b.top(), b.left(), b.height(), b.width()), 32, 32);
            if (r.nextDouble() < 0.5) expected = ImageOps.flipHorizontal(expected);
            ByteImage got = AugmentationPipeline.CIFAR_OFFICIAL.apply(img, new Rng(seed));
            assertArrayEquals(expected.pixels(), got.pixels(), "seed " + seed);
        }
        assertEquals(Shape.of(3, 32, 32), AugmentationPipeline.CIFAR_OFFICIAL.outputShape(Shape.of(3, 32, 32)));
        assertEquals(Shape.of(1, 32, 32), AugmentationPipeline.CIFAR_OFFICIAL.outputShape(Shape.of(1, 28, 28)));
    }

    @Test
    void cropFlipPipelineIsRandomCropThenFlip() {
        ByteImage img = ImageOpsTest.random(new Rng(8), 3, 32, 32);
        for (long seed = 0; seed < 20; seed++) {
            Rng r = new Rng(seed);
            int[] o = new RandomCrop(32, 4).sampleOffset(40, 40, r);
            ByteImage expected = ImageOps.crop(ImageOps.zeroPad(img, 4), o[0], o[1], 32, 32);
            if (r.nextDouble() < 0.5) expected = ImageOps.flipHorizontal(expected);
            assertArrayEquals(expected.pixels(), AugmentationPipeline.CIFAR_CROP_FLIP.apply(img, new Rng(seed)).pixels());
        }
    }

    @Test
    void pipelinesAreDeterministicPerSeedAndVaryAcrossSeeds() {
        ByteImage img = ImageOpsTest.random(new Rng(9), 3, 32, 32);
        byte[] before = img.pixels().clone();
        for (AugmentationPipeline p : AugmentationPipeline.values()) {
            byte[] a = p.apply(img, new Rng(42)).pixels();
            assertArrayEquals(a, p.apply(img, new Rng(42)).pixels(), p.cliName());
            if (!p.isIdentity()) {
                int distinct = 0;
                for (long seed = 0; seed < 10; seed++) {
                    if (!Arrays.equals(a, p.apply(img, new Rng(seed)).pixels())) distinct++;
                }
                assertTrue(distinct >= 9, p + ": only " + distinct + " of 10 seeds changed the result");
            }
        }
        assertArrayEquals(before, img.pixels(), "an augmentation modified its input");
    }
}
