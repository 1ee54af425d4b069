package dev.ltx.transfer;

import dev.ltx.transfer.trajectory.AlphaSchedule;
import java.util.List;

/**
 * Everything that determines one transfer (reference.md §3, §10). Equal configs on equal inputs
 * give identical results (ltx decision 5): batch order, group visiting order and BN batches all
 * derive from {@code seed}.
 *
 * @param method           Naive, Oracle, GMT or FGMT
 * @param checkpointEpochs source checkpoints forming the trajectory, starting at −1 (the paper's main
 *                         setting is [−1, final]); empty means [−1, the source run's final epoch]
 * @param splits           sub-steps S per segment (T = S·segments)
 * @param schedule         spacing of the sub-steps (cosine by default)
 * @param gmIters          batches averaged per gradient (MNIST 1, Conv8 2, ImageNet 100)
 * @param bnStatsIters     batches forwarded to re-estimate BN statistics (0 for models without BN)
 * @param bnStatsBatch     batch size of those batches (128)
 * @param seed             the single seed of everything random in the transfer
 * @param maxSweeps        coordinate-descent sweeps per matching (100)
 * @param epsilon          minimal objective improvement that counts as progress (1e-7)
 */
public record TransferConfig(Method method, List<Integer> checkpointEpochs, int splits, AlphaSchedule schedule,
                             int gmIters, int bnStatsIters, int bnStatsBatch, long seed, int maxSweeps, double epsilon) {
    public TransferConfig {
        if (method == null || schedule == null) {
            throw new IllegalArgumentException("method and schedule are required");
        }
        checkpointEpochs = List.copyOf(checkpointEpochs);
        if (!checkpointEpochs.isEmpty()) {
            if (checkpointEpochs.size() < 2 || checkpointEpochs.get(0) != -1) {
                throw new IllegalArgumentException("checkpoint epochs must start at -1 and have at least 2 entries, got "
                        + checkpointEpochs);
            }
            for (int i = 1; i < checkpointEpochs.size(); i++) {
                if (checkpointEpochs.get(i) <= checkpointEpochs.get(i - 1)) {
                    throw new IllegalArgumentException("checkpoint epochs must increase, got " + checkpointEpochs);
                }
            }
        }
        if (splits < 1 || gmIters < 1 || bnStatsIters < 0 || bnStatsBatch < 1 || maxSweeps < 1 || !(epsilon >= 0)) {
            throw new IllegalArgumentException("invalid transfer config: splits " + splits + ", gmIters " + gmIters
                    + ", bnStatsIters " + bnStatsIters + ", bnStatsBatch " + bnStatsBatch + ", maxSweeps " + maxSweeps
                    + ", epsilon " + epsilon);
        }
    }

    /** The MNIST 2-MLP setting: [−1, final], S = 10, cosine, 1 gradient batch, no BN batches, 100 sweeps, ε 1e-7. */
    public static TransferConfig defaults(Method method, long seed) {
        return new TransferConfig(method, List.of(), 10, AlphaSchedule.COSINE, 1, 0, 128, seed, 100, 1e-7);
    }

    public TransferConfig withMethod(Method m) {
        return new TransferConfig(m, checkpointEpochs, splits, schedule, gmIters, bnStatsIters, bnStatsBatch, seed,
                maxSweeps, epsilon);
    }

    public TransferConfig withSplits(int s) {
        return new TransferConfig(method, checkpointEpochs, s, schedule, gmIters, bnStatsIters, bnStatsBatch, seed,
                maxSweeps, epsilon);
    }

    public TransferConfig withSchedule(AlphaSchedule a) {
        return new TransferConfig(method, checkpointEpochs, splits, a, gmIters, bnStatsIters, bnStatsBatch, seed,
                maxSweeps, epsilon);
    }

    public TransferConfig withCheckpointEpochs(List<Integer> epochs) {
        return new TransferConfig(method, epochs, splits, schedule, gmIters, bnStatsIters, bnStatsBatch, seed,
                maxSweeps, epsilon);
    }

    public TransferConfig withGradientBatches(int gm) {
        return new TransferConfig(method, checkpointEpochs, splits, schedule, gm, bnStatsIters, bnStatsBatch, seed,
                maxSweeps, epsilon);
    }

    public TransferConfig withBatchNormBatches(int iters, int batch) {
        return new TransferConfig(method, checkpointEpochs, splits, schedule, gmIters, iters, batch, seed, maxSweeps,
                epsilon);
    }

    public TransferConfig withSeed(long s) {
        return new TransferConfig(method, checkpointEpochs, splits, schedule, gmIters, bnStatsIters, bnStatsBatch, s,
                maxSweeps, epsilon);
    }
}
