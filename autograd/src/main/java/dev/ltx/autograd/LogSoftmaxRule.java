package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;

/** {@code y = logSoftmax(x)} along an axis; backward {@code dx = g - exp(y) · sum(g)} along it. */
final class LogSoftmaxRule {
    private LogSoftmaxRule() {
    }

    static Var apply(Var x, int axis) {
        Backend b = x.backend();
        Tensor y = b.logSoftmax(x.value(), axis);
        int[] ax = {axis};
        return Var.fromOp("logSoftmax", y, g -> {
            Tensor total = b.reduce(ReduceOp.SUM, g, ax, true);
            Tensor p = b.unary(UnaryOp.EXP, y);
            x.accumulateOwned(b.binary(BinaryOp.SUB, g, b.binary(BinaryOp.MUL, p, total)));
        }, x);
    }
}
