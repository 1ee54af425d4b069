package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.Tensor;

/**
 * 2-D convolution of x (N, C, H, W) with weight (O, C, KH, KW) and optional bias (O); backward
 * uses the backend's input, weight and bias gradient ops, each only when needed.
 */
final class Conv2dRule {
    private Conv2dRule() {
    }

    static Var apply(Var x, Var w, Var bias, Conv2dParams p) {
        Backend b = x.backend();
        Tensor xv = x.value();
        Tensor wv = w.value();
        Tensor y = b.conv2d(xv, wv, bias == null ? null : bias.value(), p);
        Var.Backward back = g -> {
            if (x.requiresGrad()) {
                x.accumulateOwned(b.conv2dBackwardInput(g, wv, xv.shape(), p));
            }
            if (w.requiresGrad()) {
                w.accumulateOwned(b.conv2dBackwardWeight(g, xv, wv.shape(), p));
            }
            if (bias != null && bias.requiresGrad()) {
                bias.accumulateOwned(b.conv2dBackwardBias(g));
            }
        };
        return bias == null ? Var.fromOp("conv2d", y, back, x, w) : Var.fromOp("conv2d", y, back, x, w, bias);
    }
}
