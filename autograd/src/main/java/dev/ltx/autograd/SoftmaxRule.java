package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Tensor;

/** {@code y = softmax(x)} along an axis; backward {@code dx = y · (g - sum(g · y))} along it. */
final class SoftmaxRule {
    private SoftmaxRule() {
    }

    static Var apply(Var x, int axis) {
        Backend b = x.backend();
        Tensor y = b.softmax(x.value(), axis);
        int[] ax = {axis};
        return Var.fromOp("softmax", y, g -> {
            Tensor dot = b.reduce(ReduceOp.SUM, b.binary(BinaryOp.MUL, g, y), ax, true);
            x.accumulateOwned(b.binary(BinaryOp.MUL, y, b.binary(BinaryOp.SUB, g, dot)));
        }, x);
    }
}
