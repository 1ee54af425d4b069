package dev.ltx.nn.metrics;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Tensor;

/** Training losses. */
public final class Losses {
    private Losses() {
    }

    /**
     * Mean cross-entropy of logits (N, C) against integer labels (N) in [0, C) (PyTorch's
     * {@code F.cross_entropy} with the default mean reduction), differentiable through
     * {@link F#crossEntropy}.
     */
    public static Var crossEntropy(Var logits, Tensor labels) {
        if (logits.shape().rank() != 2 || labels.rank() != 1 || logits.shape().dim(0) != labels.dim(0)) {
            throw new IllegalArgumentException("cross-entropy needs logits (N, C) and labels (N), got logits "
                    + logits.shape() + " and labels " + labels.shape());
        }
        if (labels.dtype().isFloating()) {
            throw new IllegalArgumentException("cross-entropy needs integer labels, got " + labels);
        }
        return F.crossEntropy(logits, labels);
    }
}
