package dev.ltx.nn.data;

import dev.ltx.engine.Shape;

/**
 * One image as raw unsigned bytes (0..255) in C×H×W order: what every {@link Augmentation}
 * consumes and produces.
 *
 * <p>Augmenting in bytes follows the paper's pipeline, where torchvision transforms work on 8-bit
 * images and only {@code ToTensor()}/{@code Normalize} turn them into floats afterwards (resampling
 * therefore rounds back to bytes). Transformations never modify their input: each returns a new
 * image, or the same instance when it changes nothing. The array is shared, not copied, so callers
 * must not modify an image they have handed on.
 *
 * @param pixels   {@code channels * height * width} bytes, channel planes one after another
 * @param channels number of channels, at least 1
 * @param height   rows, at least 1
 * @param width    columns, at least 1
 */
public record ByteImage(byte[] pixels, int channels, int height, int width) {
    /** Checks that the sizes are positive and match the array. */
    public ByteImage {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image sizes must be positive, got " + channels + "x" + height + "x" + width);
        }
        if ((long) channels * height * width != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " bytes do not hold a " + channels + "x" + height + "x"
                    + width + " image");
        }
    }

    /** A black (all-zero) image. */
    public static ByteImage zeros(int channels, int height, int width) {
        return new ByteImage(new byte[Math.multiplyExact(Math.multiplyExact(channels, height), width)], channels,
                height, width);
    }

    /** Example {@code i} of {@code dataset} (a copy of its bytes). */
    public static ByteImage of(Dataset dataset, int i) {
        return new ByteImage(dataset.rawImage(i), dataset.channels(), dataset.height(), dataset.width());
    }

    /** The unsigned value (0..255) at channel {@code c}, row {@code y}, column {@code x}. */
    public int get(int c, int y, int x) {
        return pixels[index(c, y, x)] & 0xff;
    }

    /** The array offset of channel {@code c}, row {@code y}, column {@code x}. */
    int index(int c, int y, int x) {
        return (c * height + y) * width + x;
    }

    /** The shape (C, H, W). */
    public Shape shape() {
        return Shape.of(channels, height, width);
    }

    @Override
    public String toString() {
        return "ByteImage[" + channels + "x" + height + "x" + width + "]";
    }
}
