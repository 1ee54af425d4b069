package dev.ltx.nn.models;

/**
 * Everything needed to build a model of some {@link ModelKind}. Fields a kind does not use are
 * ignored ({@code mlpWidth}, {@code activation} and {@code bias} only concern the MLP;
 * {@code widthFactor} only the conv nets and ResNet).
 *
 * @param kind        which model
 * @param inChannels  input channels (1 for MNIST, 3 for RGB)
 * @param imageSize   input height = width
 * @param numClasses  output classes
 * @param widthFactor channel multiplier of the conv nets and ResNet (1.0 in the paper)
 * @param mlpWidth    hidden width of the MLP (4096 in the paper)
 * @param activation  MLP hidden activation
 * @param bias        whether the MLP's layers have biases (the official MLP has none)
 */
public record ModelConfig(ModelKind kind, int inChannels, int imageSize, int numClasses, double widthFactor,
                          int mlpWidth, Activation activation, boolean bias) {
    /** Largest MLP width, channel count, image side or class count accepted. */
    public static final int MAX_SIZE = 1 << 20;
    /** Largest channel multiplier accepted. */
    public static final double MAX_WIDTH_FACTOR = 64;

    public ModelConfig {
        if (kind == null || activation == null) {
            throw new IllegalArgumentException("kind and activation must not be null");
        }
        if (inChannels < 1 || imageSize < 1 || numClasses < 1 || mlpWidth < 1 || !(widthFactor > 0)
                || mlpWidth > MAX_SIZE || inChannels > MAX_SIZE || imageSize > MAX_SIZE || numClasses > MAX_SIZE
                || !(widthFactor <= MAX_WIDTH_FACTOR)) {
            throw new IllegalArgumentException("invalid model config: " + inChannels + " channels, image " + imageSize
                    + ", " + numClasses + " classes, width factor " + widthFactor + ", MLP width " + mlpWidth
                    + " (sizes must be in [1, " + MAX_SIZE + "], the width factor in (0, " + MAX_WIDTH_FACTOR + "])");
        }
    }

    /**
     * The paper's setting for {@code kind}: MLP 1×28×28 → 4096 (ReLU, no bias) → 10; Conv4/6/8
     * 3×32×32 → 10; ResNet-18 32-px 3×32×32 → 10; ResNet-18 224-px 3×224×224 → 1000.
     */
    public static ModelConfig defaults(ModelKind kind) {
        return switch (kind) {
            case MLP -> new ModelConfig(kind, 1, 28, 10, 1.0, 4096, Activation.RELU, false);
            case CONV4, CONV6, CONV8, RESNET18_32 -> new ModelConfig(kind, 3, 32, 10, 1.0, 4096, Activation.RELU, false);
            case RESNET18_224 -> new ModelConfig(kind, 3, 224, 1000, 1.0, 4096, Activation.RELU, false);
        };
    }

    public ModelConfig withInput(int channels, int size) {
        return new ModelConfig(kind, channels, size, numClasses, widthFactor, mlpWidth, activation, bias);
    }

    public ModelConfig withNumClasses(int classes) {
        return new ModelConfig(kind, inChannels, imageSize, classes, widthFactor, mlpWidth, activation, bias);
    }

    public ModelConfig withWidthFactor(double factor) {
        return new ModelConfig(kind, inChannels, imageSize, numClasses, factor, mlpWidth, activation, bias);
    }

    public ModelConfig withMlp(int width, Activation act, boolean withBias) {
        return new ModelConfig(kind, inChannels, imageSize, numClasses, widthFactor, width, act, withBias);
    }
}
