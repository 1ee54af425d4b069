package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import org.junit.jupiter.api.Test;

class RandomResizedCropTest {
    private final RandomResizedCrop defaults = new RandomResizedCrop(32);

    @Test
    void boxesOnThePaddedCifarImageRespectScaleRatioAndBounds() {
        int side = 40;
        double area = side * side;
        Rng rng = new Rng(11);
        double minFraction = 1;
        double maxFraction = 0;
        int wide = 0;
        int tall = 0;
        boolean[] tops = new boolean[side];
        int samples = 20_000;
        for (int t = 0; t < samples; t++) {
            RandomResizedCrop.Box b = defaults.sampleBox(side, side, rng);
            int h = b.height();
            int w = b.width();
            assertTrue(h > 0 && w > 0 && b.top() >= 0 && b.left() >= 0 && b.top() + h <= side && b.left() + w <= side,
                    b::toString);
            // w = round(sqrt(a·r)), h = round(sqrt(a/r)) with a/A in [0.08, 1) and r in [3/4, 4/3): undo the rounding.
            assertTrue((w + 0.5) * (h + 0.5) >= 0.08 * area && (w - 0.5) * (h - 0.5) <= area, b::toString);
            assertTrue((w + 0.5) / (h - 0.5) >= 0.75 && (w - 0.5) / (h + 0.5) <= 4.0 / 3.0, b::toString);
            double fraction = w * h / area;
            minFraction = Math.min(minFraction, fraction);
            maxFraction = Math.max(maxFraction, fraction);
            if (w > h) wide++;
            if (h > w) tall++;
            tops[b.top()] = true;
        }
        assertTrue(minFraction < 0.09 && maxFraction > 0.95, minFraction + " .. " + maxFraction);
        // The log-uniform aspect ratio is symmetric around 1: as many wide boxes as tall ones.
        assertTrue(Math.abs(wide - tall) < 0.05 * samples, wide + " wide vs " + tall + " tall");
        // Small boxes can start anywhere.
        for (int top = 0; top < side - 12; top++) assertTrue(tops[top], "top " + top + " never drawn");
    }

    @Test
    void meanAreaFractionMatchesTheUniformScaleDraw() {
        // Uniform area fractions in [0.08, 1) average 0.54, but on a square image large elongated
        // draws do not fit (one side exceeds the image) and are redrawn, which pulls the mean down to
        // 0.488 (a 200k-sample simulation of torchvision's get_params); standard error here ~0.002.
        Rng rng = new Rng(5);
        double sum = 0;
        int n = 20_000;
        for (int t = 0; t < n; t++) {
            RandomResizedCrop.Box b = defaults.sampleBox(40, 40, rng);
            sum += b.width() * b.height() / 1600.0;
        }
        double mean = sum / n;
        assertTrue(mean > 0.475 && mean < 0.50, "mean area fraction " + mean);
    }

    @Test
    void fallbackIsTorchvisionsCentredCrop() {
        // A 2x100 strip: every target area (>= 16 pixels) needs h >= 3, so all 10 attempts fail.
        // Wider than 4/3: full height, width round(2 * 4/3) = 3, centred at floor(97 / 2) = 48.
        assertEquals(new RandomResizedCrop.Box(0, 48, 2, 3), defaults.sampleBox(2, 100, new Rng(1)));
        // Taller than 3/4: full width, height round(2 / 0.75) = 3.
        assertEquals(new RandomResizedCrop.Box(48, 0, 3, 2), defaults.sampleBox(100, 2, new Rng(1)));
        // Ratio within range: the whole image.
        assertEquals(new RandomResizedCrop.Box(0, 0, 30, 36), defaults.centreFallback(30, 36));
        // Odd margins round down: 7x20 is wider than 4/3, so h 7, w round(9.33) = 9, left floor(11 / 2) = 5.
        assertEquals(new RandomResizedCrop.Box(0, 5, 7, 9), defaults.centreFallback(7, 20));
    }

    @Test
    void fallbackAfterExactlyTenAttemptsOfTwoDraws() {
        // Areas above the image's area can never fit: every sample falls back to the whole square.
        RandomResizedCrop tooBig = new RandomResizedCrop(8, 1.5, 2.0, 0.75, 4.0 / 3.0);
        Rng rng = new Rng(3);
        Rng mirror = new Rng(3);
        for (int t = 0; t < 50; t++) {
            assertEquals(new RandomResizedCrop.Box(0, 0, 12, 12), tooBig.sampleBox(12, 12, rng));
            for (int d = 0; d < 2 * RandomResizedCrop.ATTEMPTS; d++) mirror.nextDouble();
            assertEquals(mirror.nextLong(), rng.nextLong(), "draws consumed by attempt " + t);
            mirror = new Rng(t);
            rng = new Rng(t);
        }
    }

    @Test
    void fullScaleSquareCropOfTheOutputSizeIsTheIdentity() {
        RandomResizedCrop whole = new RandomResizedCrop(16, 1.0, 1.0, 1.0, 1.0);
        ByteImage img = ImageOpsTest.random(new Rng(4), 3, 16, 16);
        Rng rng = new Rng(9);
        assertEquals(new RandomResizedCrop.Box(0, 0, 16, 16), whole.sampleBox(16, 16, new Rng(9)));
        assertArrayEquals(img.pixels(), whole.apply(img, rng).pixels());
    }

    @Test
    void applyCropsTheSampledBoxAndResamplesIt() {
        ByteImage img = ImageOpsTest.random(new Rng(6), 3, 40, 40);
        for (long seed = 0; seed < 20; seed++) {
            RandomResizedCrop.Box b = defaults.sampleBox(40, 40, new Rng(seed));
            ByteImage expected = ImageOps.resizeBilinear(ImageOps.crop(img, b.top(), b.left(), b.height(), b.width()),
                    32, 32);
            ByteImage got = defaults.apply(img, new Rng(seed));
            assertEquals(Shape.of(3, 32, 32), got.shape());
            assertArrayEquals(expected.pixels(), got.pixels(), "seed " + seed + ", box " + b);
        }
        assertEquals(Shape.of(1, 32, 32), defaults.outputShape(Shape.of(1, 40, 40)));
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(0));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(8, 0.5, 0.2, 0.75, 1.3));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(8, 0.1, 1, 0, 1.3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> defaults.outputShape(Shape.of(40, 40)));
        assertTrue(e.getMessage().contains("(C, H, W)"), e.getMessage());
    }
}
