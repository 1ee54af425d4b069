package dev.ltx.autograd;

import dev.ltx.engine.Backend;

/** {@code y = s · x}; backward {@code dx = s · g}. */
final class ScaleRule {
    private ScaleRule() {
    }

    static Var apply(Var x, double s) {
        Backend b = x.backend();
        return Var.fromOp("scale", b.scale(x.value(), s), g -> x.accumulateOwned(b.scale(g, s)), x);
    }
}
