package dev.ltx.nn.data;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;

/**
 * A random transformation of one image, driven only by the {@link Rng} it is given.
 *
 * <p>Determinism contract: the result depends only on the input image and the generator's stream,
 * and an implementation draws the same number of values from it for a given input shape no matter
 * the pixel values. The {@link DataLoader} hands every sample its own generator, derived from
 * (seed, epoch, position), so augmented batches do not depend on threading or prefetching.
 * Implementations must be stateless (safe to use from several threads at once).
 *
 * <p>Named pipelines for the command line are in {@link AugmentationPipeline}.
 */
public interface Augmentation {
    /** The transformed image; {@code image} itself is never modified. */
    ByteImage apply(ByteImage image, Rng rng);

    /**
     * The (C, H, W) shape of the output for an input of shape {@code input}; throws
     * {@link IllegalArgumentException} when this augmentation cannot take such an input.
     */
    Shape outputShape(Shape input);

    /** The augmentation that changes nothing and draws nothing. */
    static Augmentation identity() {
        return Identity.INSTANCE;
    }

    /** This augmentation followed by {@code next}, both drawing from the same generator in that order. */
    default Augmentation then(Augmentation next) {
        Augmentation first = this;
        return new Augmentation() {
            @Override
            public ByteImage apply(ByteImage image, Rng rng) {
                return next.apply(first.apply(image, rng), rng);
            }

            @Override
            public Shape outputShape(Shape input) {
                return next.outputShape(first.outputShape(input));
            }

            @Override
            public String toString() {
                return first + " -> " + next;
            }
        };
    }

    /** The identity; a named singleton so that loaders can skip the per-sample work for it. */
    enum Identity implements Augmentation {
        INSTANCE;

        @Override
        public ByteImage apply(ByteImage image, Rng rng) {
            return image;
        }

        @Override
        public Shape outputShape(Shape input) {
            return input;
        }

        @Override
        public String toString() {
            return "identity";
        }
    }
}
