package dev.ltx.transfer;

import dev.ltx.nn.data.Augmentation;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;

/**
 * The data a transfer uses (reference.md §3.1, §8): gradients, batch-norm re-estimation and
 * fine-tuning draw augmented batches from {@code train}; per-step selection uses
 * {@code validation}; {@code test} is evaluated once after fine-tuning (may be null when no
 * fine-tuning is done).
 *
 * @param train         training split (gradient, BN and fine-tuning batches)
 * @param validation    validation split (per-step and per-epoch accuracy and loss)
 * @param test          test split, or null
 * @param normalization applied to every image
 * @param augmentation  applied to training images only
 * @param batchSize     training / gradient-matching batch size (the paper: 128)
 * @param evalBatchSize evaluation batch size (the paper: 512)
 */
public record TransferData(Dataset train, Dataset validation, Dataset test, Normalization normalization,
                           Augmentation augmentation, int batchSize, int evalBatchSize) {
    public TransferData {
        if (train == null || validation == null || normalization == null || augmentation == null) {
            throw new IllegalArgumentException("train, validation, normalization and augmentation are required");
        }
        if (batchSize < 1 || evalBatchSize < 1) {
            throw new IllegalArgumentException("batch sizes must be positive, got " + batchSize + " and " + evalBatchSize);
        }
    }

    /** The paper's batch sizes (128 training, 512 evaluation). */
    public static TransferData of(Dataset train, Dataset validation, Dataset test, Normalization normalization,
                                  Augmentation augmentation) {
        return new TransferData(train, validation, test, normalization, augmentation, DataLoader.TRAIN_BATCH_SIZE,
                DataLoader.EVAL_BATCH_SIZE);
    }
}
