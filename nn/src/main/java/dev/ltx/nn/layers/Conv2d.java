package dev.ltx.nn.layers;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.Shape;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;

/**
 * 2-D convolution over NCHW input with a square kernel: {@code weight} (out, in, k, k), optional
 * {@code bias} (out), square stride and zero padding. PyTorch default init (U(±1/√(in·k²))).
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final Conv2dParams params;
    private final Var weight;
    private final Var bias;

    /** A convolution with PyTorch's default init; {@code bias} false leaves the bias out. */
    public Conv2d(LayerInit init, int inChannels, int outChannels, int kernelSize, int stride, int padding,
                  boolean bias) {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1) {
            throw new IllegalArgumentException("Conv2d needs positive sizes, got in " + inChannels + ", out "
                    + outChannels + ", kernel " + kernelSize);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.params = Conv2dParams.of(stride, padding);
        Shape ws = Shape.of(outChannels, inChannels, kernelSize, kernelSize);
        this.weight = addParameter("weight", init.defaultWeight(ws));
        this.bias = bias ? addParameter("bias", init.defaultBias(ws)) : null;
    }

    @Override
    public Var forward(Var x) {
        if (x.shape().rank() != 4 || x.shape().dim(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + " -> " + outChannels + ") expects input (N, "
                    + inChannels + ", H, W), got " + x.shape() + " (weight " + weight.shape() + ")");
        }
        return F.conv2d(x, weight, bias, params);
    }

    /** Output spatial size for input size {@code h} (same rule for both axes). */
    public int outSize(int h) {
        return params.outH(h, kernelSize);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernelSize() {
        return kernelSize;
    }

    /** Stride and padding. */
    public Conv2dParams params() {
        return params;
    }

    /** The weight (out, in, k, k). */
    public Var weight() {
        return weight;
    }

    /** The bias (out), or null when the layer has none. */
    public Var bias() {
        return bias;
    }

    public boolean hasBias() {
        return bias != null;
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", k=" + kernelSize + ", stride=" + params.strideH()
                + ", pad=" + params.padH() + ", bias=" + hasBias() + ")";
    }
}
