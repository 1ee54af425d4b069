package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;

/**
 * Gathers slices along an axis by integer indices; backward is the adjoint scatter-add
 * ({@link Backend#indexAdd}), so repeated indices accumulate their gradients.
 */
final class IndexSelectRule {
    private IndexSelectRule() {
    }

    static Var apply(Var x, int axis, Tensor indices) {
        Backend b = x.backend();
        return Var.fromOp("indexSelect", b.indexSelect(x.value(), axis, indices),
                g -> x.accumulateOwned(b.indexAdd(x.shape(), axis, indices, g)), x);
    }
}
