package dev.ltx.transfer.experiments;

import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.OptimizerKind;
import dev.ltx.nn.train.OptimizerSettings;
import java.util.Locale;

/**
 * How the source and target runs are trained (reference.md §9): epochs, batch size, optimizer and
 * learning-rate schedule. The checkpoints saved are the experiment's (−1, the trajectory's epochs
 * and the final one).
 *
 * @param epochs    training epochs (&ge; 1)
 * @param batchSize batch size (the paper: 128)
 * @param optimizer optimizer without its learning rate
 * @param schedule  learning rate per epoch
 */
public record TrainingRecipe(int epochs, int batchSize, OptimizerSettings optimizer, LrSchedule schedule) {
    public TrainingRecipe {
        if (epochs < 1 || batchSize < 1 || optimizer == null || schedule == null) {
            throw new IllegalArgumentException("a training recipe needs epochs >= 1, batch >= 1, an optimizer and a"
                    + " schedule, got " + epochs + " epochs, batch " + batchSize);
        }
    }

    /** The official MNIST recipe with {@code epochs}: SGD lr 0.01 momentum 0.9, no weight decay, constant, batch 128. */
    public static TrainingRecipe mnistSgd(int epochs) {
        return new TrainingRecipe(epochs, 128, OptimizerSettings.sgd(0.9, 0.0), new LrSchedule.Constant(0.01));
    }

    /** One line, e.g. "sgd momentum 0.9 wd 0.0001, cosine:lr=0.02,epochs=4,warmup=1, batch 128, 4 epochs". */
    public String describe() {
        String opt = optimizer.kind() == OptimizerKind.SGD
                ? String.format(Locale.ROOT, "sgd momentum %s wd %s", optimizer.momentum(), optimizer.weightDecay())
                : String.format(Locale.ROOT, "adamw wd %s", optimizer.weightDecay());
        return String.format(Locale.ROOT, "%s, %s, batch %d, %d epochs", opt, schedule.spec(), batchSize, epochs);
    }
}
