package dev.ltx.transfer.method;

import dev.ltx.autograd.NoGrad;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.metrics.Accuracy;
import dev.ltx.nn.metrics.Losses;

/**
 * Accuracy and loss of a model on a dataset in evaluation mode without a graph, in order, with the
 * evaluation batch size. Accuracy is {@code 100·correct/total}; the loss is the official code's
 * mean of the per-batch mean cross-entropies (reference.md §8). Leaves the model in evaluation mode. Each batch runs in
 * its own {@linkplain Backend#openScope() memory scope}: on a device only the scalars (loss, count)
 * come back and nothing a batch creates outlives it.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * One evaluation.
     *
     * @param accuracy top-1 accuracy in percent
     * @param loss     mean of per-batch mean cross-entropy
     */
    public record Metrics(double accuracy, double loss) {
    }

    public static Metrics evaluate(Module model, Dataset data, Normalization norm, int batchSize, Backend backend) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot evaluate on the empty dataset " + data.name());
        }
        model.eval();
        long correct = 0;
        double lossSum = 0;
        int batches = 0;
        try (NoGrad ignored = NoGrad.enter();
             DataLoader loader = DataLoader.builder(data, backend, norm).batchSize(batchSize).prefetch(0).build();
             DataLoader.Epoch it = loader.epoch(0)) {
            while (it.hasNext()) {
                try (Backend.Scope batchScope = backend.openScope(); Batch b = it.next()) {
                    Var logits = model.forward(Var.constant(b.images()));
                    correct += Accuracy.correct(logits.value(), b.labels());
                    Var l = Losses.crossEntropy(logits, b.labels());
                    lossSum += l.item(); // a diverged transfer may give inf/NaN: recorded, not thrown
                    batches++;
                    logits.value().close();
                    l.value().close();
                }
            }
        }
        return new Metrics(100.0 * correct / data.size(), lossSum / batches);
    }
}
