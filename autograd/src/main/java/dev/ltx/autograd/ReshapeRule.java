package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;

/** Views the value with another shape of equal size; backward views the gradient back. */
final class ReshapeRule {
    private ReshapeRule() {
    }

    static Var apply(Var x, Shape shape) {
        Backend b = x.backend();
        // the gradient view shares storage with g, so it is accumulated as a copy
        return Var.fromOp("reshape", b.reshape(x.value(), shape), g -> x.accumulate(b.reshape(g, x.shape())), x);
    }
}
