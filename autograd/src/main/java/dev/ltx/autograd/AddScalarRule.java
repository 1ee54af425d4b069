package dev.ltx.autograd;

/** {@code y = x + s}; backward passes the gradient through unchanged. */
final class AddScalarRule {
    private AddScalarRule() {
    }

    static Var apply(Var x, double s) {
        return Var.fromOp("addScalar", x.backend().addScalar(x.value(), s), x::accumulate, x);
    }
}
