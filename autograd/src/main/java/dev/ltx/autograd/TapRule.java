package dev.ltx.autograd;

import dev.ltx.engine.Tensor;
import java.util.function.Consumer;

/**
 * Identity whose backward hands the incoming gradient to an observer before passing it on: how a
 * caller reads the gradient with respect to an interior value (which a backward pass otherwise
 * frees), e.g. a linear layer's output gradient, whose product with the layer input is the weight
 * gradient. The observer receives a tensor it owns (a copy); the value is shared, not copied.
 */
final class TapRule {
    private TapRule() {
    }

    static Var apply(Var x, Consumer<Tensor> observer) {
        return Var.fromOp("tap", x.value(), g -> {
            observer.accept(g.backend().copy(g));
            x.accumulate(g);
        }, x);
    }
}
