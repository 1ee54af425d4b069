package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.MaxPoolResult;
import dev.ltx.engine.Pool2dParams;

/** Max pooling over NCHW; backward routes each output gradient to the input cell that won. */
final class MaxPool2dRule {
    private MaxPool2dRule() {
    }

    static Var apply(Var x, Pool2dParams p) {
        Backend b = x.backend();
        MaxPoolResult r = b.maxPool2d(x.value(), p);
        return Var.fromOp("maxPool2d", r.output(),
                g -> x.accumulateOwned(b.maxPool2dBackward(g, r.indices(), x.shape(), p)), x);
    }
}
