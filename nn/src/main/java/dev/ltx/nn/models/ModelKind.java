package dev.ltx.nn.models;

import java.util.Arrays;
import java.util.Locale;

/** The models ltx can build, with the names the command line uses. */
public enum ModelKind {
    /** {@link Mlp}: the MNIST 2-MLP. */
    MLP("mlp"),
    /** {@link ConvNet} with {@link ConvDepth#CONV4}. */
    CONV4("conv4"),
    /** {@link ConvNet} with {@link ConvDepth#CONV6}. */
    CONV6("conv6"),
    /** {@link ConvNet} with {@link ConvDepth#CONV8}. */
    CONV8("conv8"),
    /** {@link ResNet18} with the 32-px stem. */
    RESNET18_32("resnet18-32"),
    /** {@link ResNet18} with the 224-px stem (the paper's ImageNet / Cars / CUB model). */
    RESNET18_224("resnet18-224");

    private final String cliName;

    ModelKind(String cliName) {
        this.cliName = cliName;
    }

    /** The command-line name, e.g. {@code conv8}. */
    public String cliName() {
        return cliName;
    }

    /** Parses a command-line name (case-insensitive; {@code resnet18} means {@link #RESNET18_224}). */
    public static ModelKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("resnet18")) {
            return RESNET18_224;
        }
        for (ModelKind k : values()) {
            if (k.cliName.equals(n) || k.name().toLowerCase(Locale.ROOT).equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; known: "
                + Arrays.stream(values()).map(ModelKind::cliName).toList() + " (and resnet18)");
    }
}
