package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Pool2dParams;

/** Average pooling over NCHW (padding counts in the divisor); backward spreads each gradient. */
final class AvgPool2dRule {
    private AvgPool2dRule() {
    }

    static Var apply(Var x, Pool2dParams p) {
        Backend b = x.backend();
        return Var.fromOp("avgPool2d", b.avgPool2d(x.value(), p),
                g -> x.accumulateOwned(b.avgPool2dBackward(g, x.shape(), p)), x);
    }
}
