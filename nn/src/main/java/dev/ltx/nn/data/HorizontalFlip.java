package dev.ltx.nn.data;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;

/**
 * Random horizontal flip (torchvision {@code RandomHorizontalFlip(p)}): draws one uniform
 * {@code u} in [0, 1) and mirrors the image left to right when {@code u < p}.
 */
public final class HorizontalFlip implements Augmentation {
    private final double p;

    /** Flips with probability {@code p} in [0, 1]. */
    public HorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("flip probability must be in [0, 1], got " + p);
        this.p = p;
    }

    /** The flip probability. */
    public double probability() {
        return p;
    }

    @Override
    public ByteImage apply(ByteImage image, Rng rng) {
        return rng.nextDouble() < p ? ImageOps.flipHorizontal(image) : image;
    }

    @Override
    public Shape outputShape(Shape input) {
        ImageOps.chw(input);
        return input;
    }

    @Override
    public String toString() {
        return "HorizontalFlip(" + p + ")";
    }
}
