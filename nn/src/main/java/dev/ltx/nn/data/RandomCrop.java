package dev.ltx.nn.data;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;

/**
 * torchvision {@code RandomCrop(size, padding)} with zero fill: pads {@code padding} pixels on
 * every side, then cuts a {@code size}×{@code size} window whose top row is drawn uniformly from
 * {@code [0, H' − size]} and then whose left column from {@code [0, W' − size]} (H', W' the padded
 * sizes). When the padded image is exactly {@code size}×{@code size} it is returned without
 * drawing, as torchvision does.
 */
public final class RandomCrop implements Augmentation {
    private final int size;
    private final int padding;

    /** A {@code size}×{@code size} crop after {@code padding} zero pixels on each side. */
    public RandomCrop(int size, int padding) {
        if (size <= 0 || padding < 0) {
            throw new IllegalArgumentException("crop size must be positive and padding non-negative, got size " + size
                    + ", padding " + padding);
        }
        this.size = size;
        this.padding = padding;
    }

    @Override
    public ByteImage apply(ByteImage image, Rng rng) {
        ByteImage padded = ImageOps.zeroPad(image, padding);
        int[] offset = sampleOffset(padded.height(), padded.width(), rng);
        return ImageOps.crop(padded, offset[0], offset[1], size, size);
    }

    /** The (top, left) offset of the window in a padded {@code height}×{@code width} image. */
    int[] sampleOffset(int height, int width, Rng rng) {
        if (height < size || width < size) {
            throw new IllegalArgumentException("crop size " + size + "x" + size + " is larger than the padded "
                    + height + "x" + width + " image");
        }
        if (height == size && width == size) return new int[] {0, 0};
        int top = rng.nextInt(height - size + 1);
        int left = rng.nextInt(width - size + 1);
        return new int[] {top, left};
    }

    @Override
    public Shape outputShape(Shape input) {
        int[] d = ImageOps.chw(input);
        if (d[1] + 2 * padding < size || d[2] + 2 * padding < size) {
            throw new IllegalArgumentException("crop size " + size + "x" + size + " is larger than the padded input "
                    + input + " with padding " + padding);
        }
        return Shape.of(d[0], size, size);
    }

    @Override
    public String toString() {
        return "RandomCrop(" + size + ", padding " + padding + ")";
    }
}
