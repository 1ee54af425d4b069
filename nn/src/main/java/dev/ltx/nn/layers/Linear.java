package dev.ltx.nn.layers;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;

/**
 * Fully connected layer {@code y = x · Wᵀ + b} on (N, in) input, PyTorch layout: {@code weight}
 * (out, in), optional {@code bias} (out). PyTorch default init (U(±1/√in) for both).
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Var weight;
    private final Var bias;
    private LinearFactorSink factorSink;

    /** A layer with PyTorch's default init; {@code bias} false leaves the bias out. */
    public Linear(LayerInit init, int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear needs positive sizes, got in " + inFeatures + ", out " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Shape ws = Shape.of(outFeatures, inFeatures);
        this.weight = addParameter("weight", init.defaultWeight(ws));
        this.bias = bias ? addParameter("bias", init.defaultBias(ws)) : null;
    }

    @Override
    public Var forward(Var x) {
        if (x.shape().rank() != 2 || x.shape().dim(1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + " -> " + outFeatures + ") expects input (N, "
                    + inFeatures + "), got " + x.shape() + " (weight " + weight.shape() + ")");
        }
        LinearFactorSink sink = factorSink;
        if (sink != null && !sink.weightGradient()) {
            Tensor input = x.value();
            return F.factoredLinear(x, weight, bias, g -> sink.record(input, g));
        }
        Var y = F.linear(x, weight, bias);
        if (sink == null || !y.requiresGrad()) {
            return y;
        }
        Tensor input = x.value();
        return F.tap(y, g -> sink.record(input, g));
    }

    /**
     * While {@code sink} is set (null: off), every backward pass through a forward pass made meanwhile
     * hands it this layer's input and output gradient ({@link LinearFactorSink}); when the sink says
     * so ({@link LinearFactorSink#weightGradient()} false) the weight gets no gradient meanwhile.
     */
    public void recordFactors(LinearFactorSink sink) {
        this.factorSink = sink;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    /** The weight (out, in). */
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
        return "Linear(" + inFeatures + ", " + outFeatures + ", bias=" + hasBias() + ")";
    }
}
