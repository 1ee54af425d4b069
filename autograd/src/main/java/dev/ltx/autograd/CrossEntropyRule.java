package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/**
 * Cross-entropy of logits (N, C) against integer labels (N), reduced by a {@link Reduction}.
 * Backward hands each sample's upstream gradient (1/N each for MEAN) to
 * {@link Backend#crossEntropyBackward}. Labels are data and never receive a gradient.
 */
final class CrossEntropyRule {
    private CrossEntropyRule() {
    }

    static Var apply(Var logits, Tensor labels, Reduction reduction) {
        Backend b = logits.backend();
        Tensor lv = logits.value();
        Tensor perSample = b.crossEntropy(lv, labels);
        int n = perSample.numel();
        Tensor loss = switch (reduction) {
            case NONE -> perSample;
            case SUM -> b.reduce(ReduceOp.SUM, perSample, new int[0], false);
            case MEAN -> b.reduce(ReduceOp.MEAN, perSample, new int[0], false);
        };
        return Var.fromOp("crossEntropy", loss, g -> {
            Tensor gradLoss = switch (reduction) {
                case NONE -> g;
                case SUM -> Broadcast.expand(b.reshape(g, Shape.of(1)), perSample.shape());
                case MEAN -> Broadcast.expand(b.scale(b.reshape(g, Shape.of(1)), 1.0 / n), perSample.shape());
            };
            logits.accumulateOwned(b.crossEntropyBackward(lv, labels, gradLoss));
        }, logits);
    }
}
