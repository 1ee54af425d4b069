package dev.ltx.autograd;

import dev.ltx.engine.Backend;

/** Takes indices [start, end) along an axis; backward places the gradient back into zeros. */
final class SliceRule {
    private SliceRule() {
    }

    static Var apply(Var x, int axis, int start, int end) {
        Backend b = x.backend();
        return Var.fromOp("slice", b.slice(x.value(), axis, start, end),
                g -> x.accumulateOwned(b.sliceScatter(x.shape(), axis, start, g)), x);
    }
}
