package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import java.util.function.Consumer;

/**
 * {@code y = x · wᵀ} whose backward pass leaves out the weight's gradient: it hands the output
 * gradient {@code g} to an observer (the weight gradient is {@code gᵀ · x}, which the caller keeps
 * as those two factors) and passes on only the input's gradient {@code g · w}. For callers that need
 * a wide layer's weight gradient only in factored form (weight matching on gradients), this saves
 * the (out, in) product and its memory; {@code w} receives no gradient.
 */
final class FactoredLinearRule {
    private FactoredLinearRule() {
    }

    static Var apply(Var x, Var w, Consumer<Tensor> observer) {
        Backend be = x.backend();
        Tensor wv = w.value();
        Tensor y = be.matmul(x.value(), wv, false, true);
        return Var.fromOp("factoredLinear", y, g -> {
            observer.accept(g.backend().copy(g));
            if (x.requiresGrad()) {
                x.accumulateOwned(be.matmul(g, wv, false, false)); // dx = g · w
            }
        }, x, w);
    }
}
