package dev.ltx.transfer.method;

import dev.ltx.autograd.NoGrad;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.layers.BatchNorm2d;
import java.util.List;

/**
 * Batch-norm running statistics handling of the official transfer (reference.md §3.2, §15.6):
 * running statistics are never transferred; they are reset (mean 0, variance 1, counter 0), switched
 * to the cumulative average (PyTorch's {@code momentum=None}) and re-estimated by forwarding batches
 * in training mode without a graph, so that they end as the exact average of the batches' means and
 * unbiased variances.
 */
public final class BatchNormStats {
    private BatchNormStats() {
    }

    /** Whether {@code model} has any batch-norm layer. */
    public static boolean hasBatchNorm(Module model) {
        return !model.modules(BatchNorm2d.class).isEmpty();
    }

    /** Resets every batch norm of {@code model} and switches it to the cumulative average. */
    public static void resetCumulative(Module model) {
        for (BatchNorm2d bn : model.modules(BatchNorm2d.class)) {
            bn.useCumulativeAverage();
            bn.resetRunningStats();
        }
    }

    /**
     * Puts {@code model} in training mode, resets its batch norms to the cumulative average and
     * forwards {@code batches} without a graph; the model is left in training mode. Each forward
     * runs in its own {@linkplain Backend#openScope() memory scope} (the running statistics are
     * updated in place, so nothing it creates is referenced afterwards).
     */
    public static void reestimate(Module model, List<Batch> batches) {
        model.train();
        resetCumulative(model);
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch b : batches) {
                try (Backend.Scope batchScope = b.images().backend().openScope()) {
                    model.forward(Var.constant(b.images()));
                }
            }
        }
    }
}
