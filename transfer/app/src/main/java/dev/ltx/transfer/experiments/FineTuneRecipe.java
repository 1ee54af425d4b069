package dev.ltx.transfer.experiments;

import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.transfer.FineTuneConfig;
import java.util.Locale;

/**
 * Subsequent training from each transfer's best step (reference.md §11); its seed is the transfer
 * seed, so every (pair, transfer seed) is fine-tuned independently.
 *
 * @param epochs      epochs (0: only the final test evaluation)
 * @param optimizer   SGD or AdamW
 * @param schedule    learning rate per epoch
 * @param momentum    SGD momentum (ignored by AdamW)
 * @param weightDecay weight decay
 */
public record FineTuneRecipe(int epochs, FineTuneConfig.Optimizer optimizer, LrSchedule schedule, double momentum,
                             double weightDecay) {
    public FineTuneRecipe {
        config(epochs, optimizer, schedule, momentum, weightDecay, 0);
    }

    /** The official MNIST fine-tuning with {@code epochs}: SGD lr 0.01 constant, momentum 0.9, no weight decay. */
    public static FineTuneRecipe mnist(int epochs) {
        return of(FineTuneConfig.mnist(0).withEpochs(epochs));
    }

    /** The official CNN fine-tuning with {@code epochs}: AdamW lr 1e-4 constant, weight decay 1e-4. */
    public static FineTuneRecipe cnn(int epochs) {
        return of(FineTuneConfig.cnn(0).withEpochs(epochs));
    }

    private static FineTuneRecipe of(FineTuneConfig c) {
        return new FineTuneRecipe(c.epochs(), c.optimizer(), c.schedule(), c.momentum(), c.weightDecay());
    }

    /** The library's config with {@code seed}. */
    public FineTuneConfig config(long seed) {
        return config(epochs, optimizer, schedule, momentum, weightDecay, seed);
    }

    private static FineTuneConfig config(int epochs, FineTuneConfig.Optimizer optimizer, LrSchedule schedule,
                                         double momentum, double weightDecay, long seed) {
        return new FineTuneConfig(epochs, optimizer, schedule, momentum, weightDecay, seed);
    }

    /** One line, e.g. "3 epochs sgd constant:lr=0.01 momentum 0.9 wd 0.0". */
    public String describe() {
        return String.format(Locale.ROOT, "%d epoch(s) %s %s%s wd %s", epochs, optimizer.name().toLowerCase(Locale.ROOT),
                schedule.spec(), optimizer == FineTuneConfig.Optimizer.SGD ? " momentum " + momentum : "", weightDecay);
    }
}
