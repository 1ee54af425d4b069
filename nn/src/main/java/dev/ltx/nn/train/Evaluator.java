package dev.ltx.nn.train;

import dev.ltx.autograd.NoGrad;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.metrics.Accuracy;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.nn.metrics.RunningMean;

/**
 * Loss and accuracy of a model on a dataset, in evaluation mode (batch norm uses its running
 * statistics) and without recording a graph. The model is left in evaluation mode. Each batch
 * runs in its own {@linkplain Backend#openScope() memory scope}, so device memory stays bounded.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * The result of one evaluation.
     *
     * @param loss     sample-weighted mean cross-entropy
     * @param accuracy top-1 accuracy in percent ({@code 100 · correct / samples})
     * @param samples  examples evaluated
     */
    public record Result(double loss, double accuracy, long samples) {
    }

    /** Evaluates {@code model} on every example of {@code data} in order, {@code batchSize} at a time. */
    public static Result evaluate(Module model, Dataset data, Normalization norm, Backend backend, int batchSize) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot evaluate on the empty dataset " + data.name());
        }
        model.eval();
        RunningMean loss = new RunningMean();
        long correct = 0;
        try (DataLoader loader = DataLoader.builder(data, backend, norm).batchSize(batchSize).prefetch(0).build();
             DataLoader.Epoch it = loader.epoch(0);
             NoGrad ignored = NoGrad.enter()) {
            while (it.hasNext()) {
                try (Backend.Scope batchScope = backend.openScope(); Batch b = it.next()) {
                    Var logits = model.forward(Var.constant(b.images()));
                    double l = Losses.crossEntropy(logits, b.labels()).item();
                    if (!Double.isFinite(l)) {
                        throw new DivergenceException(DivergenceException.Where.LOSS, "evaluation loss on "
                                + data.name() + " became " + l);
                    }
                    loss.add(l, b.size());
                    correct += Accuracy.correct(logits.value(), b.labels());
                }
            }
        }
        return new Result(loss.mean(), 100.0 * correct / loss.samples(), loss.samples());
    }
}
