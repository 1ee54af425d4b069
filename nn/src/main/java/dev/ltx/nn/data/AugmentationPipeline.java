package dev.ltx.nn.data;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The training augmentations a command line can pick by name ({@link #fromName}).
 *
 * <p>Both CIFAR pipelines produce 32×32 images: they are meant for 32×32 inputs (CIFAR, or
 * 28×28 MNIST-style images first centred in 32×32 with {@link ZeroPad#toSize}). Evaluation never
 * augments. Normalization ({@code ToTensor} + {@code Normalize}) is not part of a pipeline: the
 * {@link DataLoader} applies it to the augmented bytes.
 */
public enum AugmentationPipeline implements Augmentation {
    /** No augmentation (MNIST and Fashion-MNIST in the paper's code, and every evaluation). */
    NONE("none", Augmentation.identity()),
    /**
     * The paper's CIFAR train transform: zero-pad 4 → {@code RandomResizedCrop(32)} with
     * torchvision's defaults (area 0.08–1 of the padded 40×40 image, aspect 3/4–4/3, bilinear) →
     * horizontal flip with probability 0.5.
     */
    CIFAR_OFFICIAL("cifar-official",
            new ZeroPad(4).then(new RandomResizedCrop(32)).then(new HorizontalFlip(0.5))),
    /** The common CIFAR recipe: {@code RandomCrop(32, padding=4)} → horizontal flip with probability 0.5. */
    CIFAR_CROP_FLIP("cifar-crop-flip", new RandomCrop(32, 4).then(new HorizontalFlip(0.5)));

    private final String cliName;
    private final Augmentation steps;

    AugmentationPipeline(String cliName, Augmentation steps) {
        this.cliName = cliName;
        this.steps = steps;
    }

    /** The name used on the command line, e.g. {@code cifar-official}. */
    public String cliName() {
        return cliName;
    }

    /** The pipeline called {@code name}: its {@link #cliName()} or constant name, case-insensitive, {@code _} or {@code -}. */
    public static AugmentationPipeline fromName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (AugmentationPipeline p : values()) {
            if (p.cliName.equals(key)) return p;
        }
        throw new IllegalArgumentException("unknown augmentation '" + name + "'; choose one of "
                + Arrays.stream(values()).map(AugmentationPipeline::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public ByteImage apply(ByteImage image, Rng rng) {
        return steps.apply(image, rng);
    }

    @Override
    public Shape outputShape(Shape input) {
        return steps.outputShape(input);
    }

    /** True for {@link #NONE}, which leaves images untouched and draws nothing. */
    public boolean isIdentity() {
        return this == NONE;
    }

    @Override
    public String toString() {
        return cliName + " [" + steps + "]";
    }
}
