package dev.ltx.transfer.experiments;

import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.trajectory.AlphaSchedule;
import java.util.List;
import java.util.Locale;

/**
 * The transfer settings shared by every method of an experiment (reference.md §10).
 *
 * @param checkpointEpochs the trajectory's source checkpoints, starting at −1; empty means
 *                         [−1, the final epoch] (the paper's main setting)
 * @param splits           sub-steps per segment (T = splits × segments; with [−1, final], T = splits)
 * @param schedule         spacing of the sub-steps (cosine in every official main config)
 * @param gradientBatches  batches averaged per GMT/FGMT gradient (MNIST 1, Conv8 2, ResNet more)
 * @param bnStatsIters     batches forwarded to re-estimate BN statistics before every evaluation
 *                         (0 for models without BN)
 * @param bnStatsBatch     batch size of those batches
 */
public record TransferRecipe(List<Integer> checkpointEpochs, int splits, AlphaSchedule schedule, int gradientBatches,
                             int bnStatsIters, int bnStatsBatch) {
    public TransferRecipe {
        checkpointEpochs = List.copyOf(checkpointEpochs);
        if (splits < 1 || schedule == null || gradientBatches < 1 || bnStatsIters < 0 || bnStatsBatch < 1) {
            throw new IllegalArgumentException("invalid transfer recipe: splits " + splits + ", schedule " + schedule
                    + ", gradient batches " + gradientBatches + ", BN batches " + bnStatsIters + " x " + bnStatsBatch);
        }
    }

    /** [−1, final], {@code steps} cosine steps, {@code gradientBatches} gradient batches, no BN re-estimation. */
    public static TransferRecipe endpoints(int steps, int gradientBatches) {
        return new TransferRecipe(List.of(), steps, AlphaSchedule.COSINE, gradientBatches, 0, 128);
    }

    /** This recipe with {@code n} gradient batches. */
    public TransferRecipe withGradientBatches(int n) {
        return new TransferRecipe(checkpointEpochs, splits, schedule, n, bnStatsIters, bnStatsBatch);
    }

    /** This recipe re-estimating BN statistics from {@code iters} batches of {@code batch} before every evaluation. */
    public TransferRecipe withBatchNormBatches(int iters, int batch) {
        return new TransferRecipe(checkpointEpochs, splits, schedule, gradientBatches, iters, batch);
    }

    /** Transfer steps T: splits per segment times segments between consecutive checkpoints. */
    public int steps() {
        int segments = checkpointEpochs.isEmpty() ? 1 : checkpointEpochs.size() - 1;
        return splits * segments;
    }

    /** The library's config of {@code method} with transfer seed {@code seed}. */
    public TransferConfig config(Method method, long seed) {
        return TransferConfig.defaults(method, seed).withCheckpointEpochs(checkpointEpochs).withSplits(splits)
                .withSchedule(schedule).withGradientBatches(gradientBatches)
                .withBatchNormBatches(bnStatsIters, bnStatsBatch);
    }

    /** One line, e.g. "T = 30 cosine steps over [-1, final], 2 gradient batch(es), BN re-estimation off". */
    public String describe() {
        return String.format(Locale.ROOT, "T = %d %s steps over %s, %d gradient batch(es) of the training batch size, %s",
                steps(), schedule.name().toLowerCase(Locale.ROOT),
                checkpointEpochs.isEmpty() ? "[-1, final]" : checkpointEpochs.toString(), gradientBatches,
                bnStatsIters == 0 ? "BN re-estimation off"
                        : "BN re-estimated from " + bnStatsIters + " x " + bnStatsBatch + " samples before every evaluation");
    }
}
