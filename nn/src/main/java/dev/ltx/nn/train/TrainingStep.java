package dev.ltx.nn.train;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.FiniteCheck;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.metrics.Accuracy;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.nn.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimizer step on one batch, inside its own {@linkplain Backend#openScope() memory scope}:
 * forward in the model's current mode, mean cross-entropy, backward, a finite check of every
 * gradient ({@link FiniteCheck}: one fused sum per gradient, one scalar read back), then
 * {@link Optimizer#step()} and {@link Optimizer#zeroGrad()} (which drops the gradients). A loss or
 * gradient that is not finite stops the run ({@link DivergencePolicy#STOP}) or skips the update
 * ({@link DivergencePolicy#SKIP_STEP}); either way no parameter or optimizer state is touched.
 * Everything the step creates is released when it ends except the optimizer state allocated on a
 * parameter's first update, which is kept. Parameters and batch-norm running statistics are
 * updated in place, and the gradients are dropped, so nothing else created here is referenced
 * afterwards: device memory in use is the same after every step but the first. Public so
 * that benchmarks time exactly the step {@link Trainer} runs.
 */
public final class TrainingStep {
    /**
     * What one step measured.
     *
     * @param loss    the batch's mean cross-entropy before the update
     * @param correct examples of the batch whose top-1 prediction was right
     * @param skipped whether the update was skipped (non-finite loss or gradient, skip-step policy)
     */
    public record Outcome(double loss, long correct, boolean skipped) {
    }

    private TrainingStep() {
    }

    /**
     * Runs one step of {@code model} on {@code batch} (batch on {@code backend}, owned by the caller).
     *
     * @throws DivergenceException under {@link DivergencePolicy#STOP} when the loss or a gradient is
     *                             not finite (before any update), naming {@code epoch}, {@code step}
     *                             and the tensor
     */
    public static Outcome run(Module model, Optimizer optimizer, Batch batch, Backend backend, int epoch, long step,
                              DivergencePolicy policy) {
        try (Backend.Scope scope = backend.openScope()) {
            Var logits = model.forward(Var.constant(batch.images()));
            Var l = Losses.crossEntropy(logits, batch.labels());
            double value = l.item();
            if (!Double.isFinite(value)) {
                return diverged(optimizer, policy, DivergenceException.Where.LOSS, "training loss became " + value
                        + " at epoch " + epoch + ", step " + step + "; try a lower learning rate", value);
            }
            long correct = Accuracy.correct(logits.value(), batch.labels());
            l.backward();
            String bad = FiniteCheck.firstNonFinite(gradients(model));
            if (bad != null) {
                return diverged(optimizer, policy, DivergenceException.Where.GRADIENT, "gradient of " + bad
                        + " at epoch " + epoch + ", step " + step + "; try a lower learning rate", value);
            }
            optimizer.step();
            optimizer.zeroGrad();
            scope.keep(optimizer.stateTensors().toArray(Tensor[]::new));
            return new Outcome(value, correct, false);
        }
    }

    private static Outcome diverged(Optimizer optimizer, DivergencePolicy policy, DivergenceException.Where where,
                                    String message, double loss) {
        optimizer.zeroGrad();
        if (policy == DivergencePolicy.STOP) {
            throw new DivergenceException(where, message);
        }
        return new Outcome(loss, 0, true);
    }

    /** The parameters' gradients by parameter name (parameters without one are left out). */
    private static Map<String, Tensor> gradients(Module model) {
        Map<String, Tensor> g = new LinkedHashMap<>();
        for (NamedParameter p : model.namedParameters()) {
            if (p.param().grad() != null) {
                g.put(p.name(), p.param().grad());
            }
        }
        return g;
    }
}
