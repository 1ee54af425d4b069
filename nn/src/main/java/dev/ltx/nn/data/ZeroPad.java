package dev.ltx.nn.data;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;

/**
 * Zero padding: per image as an {@link Augmentation} (torchvision {@code Pad(p)} with fill 0,
 * drawing nothing), and for whole datasets through {@link #toSize}, which reuses
 * {@link Dataset#zeroPadded} (e.g. MNIST's 28×28 to the CNNs' 32×32 input).
 */
public final class ZeroPad implements Augmentation {
    private final int pad;

    /** Pads {@code pad} zero pixels on every side. */
    public ZeroPad(int pad) {
        if (pad < 0) throw new IllegalArgumentException("padding must be non-negative, got " + pad);
        this.pad = pad;
    }

    /** Pixels added on each side. */
    public int pad() {
        return pad;
    }

    @Override
    public ByteImage apply(ByteImage image, Rng rng) {
        return ImageOps.zeroPad(image, pad);
    }

    @Override
    public Shape outputShape(Shape input) {
        int[] d = ImageOps.chw(input);
        return Shape.of(d[0], d[1] + 2 * pad, d[2] + 2 * pad);
    }

    /**
     * {@code dataset} with every square image centred in a {@code size}×{@code size} zero
     * canvas; returns {@code dataset} itself when it already has that size. Throws
     * {@link IllegalArgumentException} unless the images are square, no larger than {@code size},
     * and {@code size − side} is even (so the image sits exactly in the centre).
     */
    public static Dataset toSize(Dataset dataset, int size) {
        int h = dataset.height();
        int w = dataset.width();
        if (h != w || h > size || (size - h) % 2 != 0) {
            throw new IllegalArgumentException(dataset.name() + ": cannot centre " + h + "x" + w + " images in "
                    + size + "x" + size + " (needs square images and an even margin)");
        }
        return h == size ? dataset : dataset.zeroPadded((size - h) / 2);
    }

    @Override
    public String toString() {
        return "ZeroPad(" + pad + ")";
    }
}
