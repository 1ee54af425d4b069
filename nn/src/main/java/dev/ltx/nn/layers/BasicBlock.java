package dev.ltx.nn.layers;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import java.util.Optional;

/**
 * The ResNet basic block: {@code relu(convnb2(relu(convnb1(x))) + shortcut(x))}, where
 * {@code convnb1} is a 3×3 conv with the block's stride + BN, {@code convnb2} a 3×3 conv + BN, and
 * the shortcut is the identity unless the stride is not 1 or the channel count changes, in which
 * case it is a 1×1 conv with the stride + BN ({@link ConvNormBlock} named {@code shortcut}).
 * An identity shortcut is registered as a stateless {@link Identity} (no state-dict entries), like
 * the empty {@code nn.Sequential} of the official code.
 */
public final class BasicBlock extends Module {
    private final int inPlanes;
    private final int planes;
    private final int stride;
    private final ConvNormBlock convnb1;
    private final ConvNormBlock convnb2;
    private final Module shortcut;

    public BasicBlock(LayerInit init, int inPlanes, int planes, int stride) {
        this.inPlanes = inPlanes;
        this.planes = planes;
        this.stride = stride;
        this.convnb1 = addChild("convnb1", new ConvNormBlock(init, inPlanes, planes, 3, stride, 1));
        this.convnb2 = addChild("convnb2", new ConvNormBlock(init, planes, planes, 3, 1, 1));
        boolean projection = stride != 1 || inPlanes != planes;
        this.shortcut = addChild("shortcut", projection
                ? new ConvNormBlock(init, inPlanes, planes, 1, stride, 0)
                : new Identity());
    }

    @Override
    public Var forward(Var x) {
        Var out = F.relu(convnb1.forward(x));
        out = convnb2.forward(out);
        return F.relu(F.add(out, shortcut.forward(x)));
    }

    public ConvNormBlock convnb1() {
        return convnb1;
    }

    public ConvNormBlock convnb2() {
        return convnb2;
    }

    /** The projection shortcut, or empty when the shortcut is the identity. */
    public Optional<ConvNormBlock> projection() {
        return shortcut instanceof ConvNormBlock c ? Optional.of(c) : Optional.empty();
    }

    public int inPlanes() {
        return inPlanes;
    }

    public int planes() {
        return planes;
    }

    public int stride() {
        return stride;
    }

    @Override
    public String toString() {
        return "BasicBlock(" + inPlanes + " -> " + planes + ", stride=" + stride + ")";
    }
}
