package dev.ltx.nn.layers;

import dev.ltx.autograd.Var;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;

/**
 * A convolution followed by batch normalization (no activation), children {@code conv} and
 * {@code norm}: the official ResNet code's {@code ConvNormBlock}, hence names such as
 * {@code convnb1.conv.weight} and {@code convnb1.norm.running_mean}.
 */
public final class ConvNormBlock extends Module {
    private final Conv2d conv;
    private final BatchNorm2d norm;

    /** Conv (no bias, as every ResNet conv) + BatchNorm2d with PyTorch defaults. */
    public ConvNormBlock(LayerInit init, int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this.conv = addChild("conv", new Conv2d(init, inChannels, outChannels, kernelSize, stride, padding, false));
        this.norm = addChild("norm", new BatchNorm2d(init, outChannels));
    }

    @Override
    public Var forward(Var x) {
        return norm.forward(conv.forward(x));
    }

    public Conv2d conv() {
        return conv;
    }

    public BatchNorm2d norm() {
        return norm;
    }
}
