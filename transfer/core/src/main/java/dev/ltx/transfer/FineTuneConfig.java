package dev.ltx.transfer;

import dev.ltx.nn.optim.LrSchedule;

/**
 * Subsequent training ("fine-tuning") after a transfer (reference.md §3.6, §11; ltx decision 3),
 * and the standard-training baseline it is compared with.
 *
 * @param epochs      epochs of training (0: only the final test evaluation)
 * @param optimizer   SGD (coupled L2 weight decay) or AdamW (decoupled weight decay)
 * @param schedule    learning rate per epoch/step (the official fine-tuning uses a constant)
 * @param momentum    SGD momentum (ignored by AdamW)
 * @param weightDecay weight decay
 * @param seed        seed of the shuffling, augmentation and BN re-estimation batches
 */
public record FineTuneConfig(int epochs, Optimizer optimizer, LrSchedule schedule, double momentum,
                             double weightDecay, long seed) {
    /** The optimizers the official fine-tuning uses. */
    public enum Optimizer { SGD, ADAMW }

    public FineTuneConfig {
        if (epochs < 0 || optimizer == null || schedule == null || !(momentum >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("invalid fine-tune config: " + epochs + " epochs, " + optimizer + ", "
                    + schedule + ", momentum " + momentum + ", weight decay " + weightDecay);
        }
    }

    /** The official MNIST setting: 3 epochs of SGD, lr 0.01 constant, momentum 0.9, no weight decay. */
    public static FineTuneConfig mnist(long seed) {
        return new FineTuneConfig(3, Optimizer.SGD, new LrSchedule.Constant(0.01), 0.9, 0.0, seed);
    }

    /** The official CNN setting (Conv8, CIFAR-10/100, Cars, CUB): 10 epochs of AdamW, lr 1e-4 constant, weight decay 1e-4. */
    public static FineTuneConfig cnn(long seed) {
        return new FineTuneConfig(10, Optimizer.ADAMW, new LrSchedule.Constant(1e-4), 0.0, 1e-4, seed);
    }

    public FineTuneConfig withEpochs(int e) {
        return new FineTuneConfig(e, optimizer, schedule, momentum, weightDecay, seed);
    }
}
