package dev.ltx.nn.models;

import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;

/** Builds a model from a {@link ModelConfig}. */
public final class Models {
    private Models() {
    }

    /** A freshly initialized model (PyTorch default init drawn from {@code init}'s generator). */
    public static Module build(ModelConfig c, LayerInit init) {
        return switch (c.kind()) {
            case MLP -> new Mlp(init, c.inChannels() * c.imageSize() * c.imageSize(), c.mlpWidth(), c.numClasses(),
                    c.activation(), c.bias());
            case CONV4 -> new ConvNet(init, ConvDepth.CONV4, c.inChannels(), c.imageSize(), c.widthFactor(), c.numClasses());
            case CONV6 -> new ConvNet(init, ConvDepth.CONV6, c.inChannels(), c.imageSize(), c.widthFactor(), c.numClasses());
            case CONV8 -> new ConvNet(init, ConvDepth.CONV8, c.inChannels(), c.imageSize(), c.widthFactor(), c.numClasses());
            case RESNET18_32 -> new ResNet18(init, ResNetStem.CIFAR_32, c.inChannels(), c.imageSize(), c.widthFactor(),
                    c.numClasses());
            case RESNET18_224 -> new ResNet18(init, ResNetStem.IMAGENET_224, c.inChannels(), c.imageSize(),
                    c.widthFactor(), c.numClasses());
        };
    }
}
