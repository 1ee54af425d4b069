package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;

/**
 * {@link ReduceOp} SUM, MEAN and MAX over a set of axes (empty: all). Backward broadcasts the
 * gradient back over the reduced axes; for MEAN it is divided by the count, for MAX it goes to
 * the maxima, split evenly between tied maxima (the subgradient PyTorch's {@code amax} uses).
 */
final class ReduceRule {
    private ReduceRule() {
    }

    static Var apply(ReduceOp op, Var x, int[] axes, boolean keepDims) {
        Backend b = x.backend();
        Tensor xv = x.value();
        int[] ax = axes.clone();
        Tensor y = b.reduce(op, xv, ax, keepDims);
        Shape kept = Broadcast.keptShape(xv.shape(), ax);
        return Var.fromOp(op.name().toLowerCase(java.util.Locale.ROOT), y, g -> {
            Tensor gk = b.reshape(g, kept);
            Tensor gx = switch (op) {
                case SUM -> Broadcast.expand(gk, xv.shape());
                case MEAN -> Broadcast.expand(b.scale(gk, (double) kept.numel() / xv.numel()), xv.shape());
                case MAX -> {
                    // 1 where x equals its maximum: 1 - [max - x > 0]
                    Tensor diff = b.binary(BinaryOp.SUB, b.reshape(y, kept), xv);
                    Tensor mask = b.addScalar(b.scale(b.unary(UnaryOp.RELU_MASK, diff), -1.0), 1.0);
                    Tensor ties = b.reduce(ReduceOp.SUM, mask, ax, true);
                    yield b.binary(BinaryOp.MUL, mask, b.binary(BinaryOp.DIV, gk, ties));
                }
            };
            x.accumulateOwned(gx);
        }, x);
    }
}
