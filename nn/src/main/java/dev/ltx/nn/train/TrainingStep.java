package dev.ltx.nn.train;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.metrics.Accuracy;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.nn.optim.Optimizer;

/**
 * One optimizer step on one batch, inside its own {@linkplain Backend#openScope() memory scope}:
 * forward in the model's current mode, mean cross-entropy, backward, {@link Optimizer#step()} and
 * {@link Optimizer#zeroGrad()} (which drops the gradients). Everything the step creates is
 * released when it ends except the optimizer state allocated on a parameter's first update,
 * which is kept. Parameters and batch-norm running statistics are updated in place, and the
 * gradients are dropped, so nothing else created here is referenced afterwards: device memory
 * in use is the same after every step but the first. Public so that benchmarks time exactly the
 * step {@link Trainer} runs.
 */
public final class TrainingStep {
    /**
     * What one step measured.
     *
     * @param loss    the batch's mean cross-entropy before the update
     * @param correct examples of the batch whose top-1 prediction was right
     */
    public record Outcome(double loss, long correct) {
    }

    private TrainingStep() {
    }

    /**
     * Runs one step of {@code model} on {@code batch} (batch on {@code backend}, owned by the caller).
     *
     * @throws IllegalStateException when the loss is not finite (before any update), naming
     *                               {@code epoch} and {@code step}
     */
    public static Outcome run(Module model, Optimizer optimizer, Batch batch, Backend backend, int epoch, long step) {
        try (Backend.Scope scope = backend.openScope()) {
            Var logits = model.forward(Var.constant(batch.images()));
            Var l = Losses.crossEntropy(logits, batch.labels());
            double value = l.item();
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("training loss became " + value + " at epoch " + epoch
                        + ", step " + step + "; try a lower learning rate");
            }
            long correct = Accuracy.correct(logits.value(), batch.labels());
            l.backward();
            optimizer.step();
            optimizer.zeroGrad();
            scope.keep(optimizer.stateTensors().toArray(Tensor[]::new));
            return new Outcome(value, correct);
        }
    }
}
