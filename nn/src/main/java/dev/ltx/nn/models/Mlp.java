package dev.ltx.nn.models;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.layers.Linear;
import dev.ltx.nn.layers.ReLU;

/**
 * The paper's 2-MLP: input flattened to {@code inFeatures} → {@code linear1} (→ width) →
 * optional ReLU → {@code linear2} (→ classes). State-dict names as the official {@code MLP}:
 * {@code linear1.weight} (width, in), {@code linear2.weight} (classes, width), plus
 * {@code linear1.bias}/{@code linear2.bias} only when biases are enabled (the official net has
 * none). With ReLU a stateless child {@code relu} sits between the two layers.
 */
public final class Mlp extends Module {
    private final int inFeatures;
    private final Linear linear1;
    private final Linear linear2;
    private final Activation activation;

    public Mlp(LayerInit init, int inFeatures, int width, int numClasses, Activation activation, boolean bias) {
        this.inFeatures = inFeatures;
        this.activation = activation;
        this.linear1 = addChild("linear1", new Linear(init, inFeatures, width, bias));
        if (activation == Activation.RELU) {
            addChild("relu", new ReLU());
        }
        this.linear2 = addChild("linear2", new Linear(init, width, numClasses, bias));
    }

    /** Input of any shape (N, ...) with {@code inFeatures} values per sample; returns logits (N, classes). */
    @Override
    public Var forward(Var x) {
        Var flat = F.flatten(x);
        if (flat.shape().dim(1) != inFeatures) {
            throw new IllegalArgumentException("Mlp expects " + inFeatures + " features per sample, got input " + x.shape());
        }
        Var h = linear1.forward(flat);
        if (activation == Activation.RELU) {
            h = F.relu(h);
        }
        return linear2.forward(h);
    }

    public Linear linear1() {
        return linear1;
    }

    public Linear linear2() {
        return linear2;
    }

    public Activation activation() {
        return activation;
    }
}
