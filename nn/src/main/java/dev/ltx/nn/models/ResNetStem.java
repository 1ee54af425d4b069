package dev.ltx.nn.models;

/** The input stem of {@link ResNet18}. */
public enum ResNetStem {
    /** 32-px (CIFAR) stem: 3×3 conv stride 1 padding 1 + BN + ReLU, no max-pool. */
    CIFAR_32(3, 1, 1, false),
    /** 224-px (ImageNet) stem: 7×7 conv stride 2 padding 3 + BN + ReLU, then 3×3 max-pool stride 2 padding 1. */
    IMAGENET_224(7, 2, 3, true);

    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean maxPool;

    ResNetStem(int kernel, int stride, int padding, boolean maxPool) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.maxPool = maxPool;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    /** Whether a 3×3 stride-2 max-pool follows the stem. */
    public boolean maxPool() {
        return maxPool;
    }
}
