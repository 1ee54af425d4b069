package dev.ltx.transfer.ensemble;

import dev.ltx.autograd.NoGrad;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.transfer.TransferData;
import java.util.List;
import java.util.Map;

/**
 * A model's softmax class probabilities on every example of a split, in order, with the labels:
 * what an ensemble averages. Computed in evaluation mode without a graph (in double from the
 * float logits), each batch in its own {@linkplain Backend#openScope() memory scope}.
 *
 * @param probabilities row-major [examples × classes]
 * @param classes       number of classes
 * @param labels        the true class of each example
 */
public record Predictions(double[] probabilities, int classes, int[] labels) {
    public Predictions {
        if (classes < 1 || probabilities.length != (long) labels.length * classes) {
            throw new IllegalArgumentException("probabilities of " + probabilities.length + " values do not fit "
                    + labels.length + " examples of " + classes + " classes");
        }
    }

    /** {@code model}'s predictions on {@code split} (left in evaluation mode). */
    public static Predictions of(Module model, Dataset split, Normalization norm, int batchSize, Backend backend) {
        int n = split.size();
        int k = split.numClasses();
        double[] p = new double[n * k];
        int row = 0;
        model.eval();
        try (NoGrad ignored = NoGrad.enter();
             DataLoader loader = DataLoader.builder(split, backend, norm).batchSize(batchSize).prefetch(0).build();
             DataLoader.Epoch it = loader.epoch(0)) {
            while (it.hasNext()) {
                try (Backend.Scope scope = backend.openScope(); Batch b = it.next()) {
                    Var logits = model.forward(Var.constant(b.images()));
                    float[] z = logits.value().toFloats();
                    if (z.length != b.size() * k) {
                        throw new IllegalStateException("the model gives " + z.length / b.size() + " logits per example,"
                                + " the split has " + k + " classes");
                    }
                    for (int i = 0; i < b.size(); i++, row++) {
                        softmax(z, i * k, k, p, row * k);
                    }
                    logits.value().close();
                }
            }
        }
        return new Predictions(p, k, split.labels());
    }

    /**
     * The predictions on {@code data}'s test split of {@code model} after loading {@code state} into it
     * (parameters and buffers; names the state lacks keep the model's values).
     *
     * @throws IllegalStateException when the data has no test split
     */
    public static Predictions onTest(Module model, Map<String, Tensor> state, TransferData data, Backend backend) {
        if (data.test() == null) {
            throw new IllegalStateException("the data has no test split");
        }
        model.loadStateDict(state, false);
        return of(model, data.test(), data.normalization(), data.evalBatchSize(), backend);
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** The predicted class of each example (the first of tied maxima). */
    public int[] predicted() {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = argmax(probabilities, i * classes, classes);
        }
        return out;
    }

    /** Top-1 accuracy in percent. */
    public double accuracy() {
        return Ensembles.accuracy(List.of(this));
    }

    static int argmax(double[] v, int from, int count) {
        int best = 0;
        for (int c = 1; c < count; c++) {
            if (v[from + c] > v[from + best]) best = c;
        }
        return best;
    }

    private static void softmax(float[] z, int from, int k, double[] out, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) max = Math.max(max, z[from + c]);
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(z[from + c] - max);
            out[to + c] = e;
            sum += e;
        }
        for (int c = 0; c < k; c++) out[to + c] /= sum;
    }
}
